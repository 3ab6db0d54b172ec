from newscrawl.text.hashing import page_key

PAGE = b"<html><body><h1>Harbour wall</h1></body></html>"
READ = {"url": "https://example.org/a", "content_type": "text/html", "reader": "3"}


def test_the_same_page_read_by_the_same_parsers_has_the_same_key():
    assert page_key(PAGE, **READ) == page_key(bytes(PAGE), **dict(READ))


def test_anything_that_may_change_the_reading_changes_the_key():
    key = page_key(PAGE, **READ)
    assert page_key(PAGE + b" ", **READ) != key
    for field, other in (
        ("url", "https://example.org/b"),
        ("content_type", "text/html; charset=windows-1252"),
        ("reader", "4"),
    ):
        assert page_key(PAGE, **{**READ, field: other}) != key
    assert page_key(PAGE, **{**READ, "content_type": None}) != key


def test_the_parts_cannot_run_into_each_other():
    a = page_key(b"", url="https://example.org/a", content_type="x", reader="1")
    b = page_key(b"", url="https://example.org/ax", content_type="", reader="1")
    assert a != b
