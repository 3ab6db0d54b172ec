"""What a new version changed (newscrawl.changes.compare), as the store records it."""

from __future__ import annotations

from newscrawl.changes.compare import compare_versions

BODY = [
    "The council met on Tuesday to discuss the harbour wall.",
    '"It\'s a disgrace," said one resident - and many agreed.',
]
FIRST = {
    "title": "Harbour wall: what's next?",
    "standfirst": "Engineers say the repair will take years",
    "byline": "Alex Example",
    "body": "\n".join(BODY),
}


def _with(**changes: str) -> dict[str, str]:
    return {**FIRST, **changes}


def test_typography_alone_is_a_minor_body_change_of_no_words():
    curly = BODY[1].replace('"', "\u201d").replace("'", "\u2019")
    assert compare_versions(FIRST, _with(body=f"{BODY[0]}\n{curly}")) == {
        "words_added": 2,
        "words_removed": 2,
        "changed_fields": ["body"],
        "minor": True,
    }


def test_a_new_paragraph_is_a_real_change_counted_in_words():
    longer = _with(body=FIRST["body"] + "\nMore to come.")
    assert compare_versions(FIRST, longer) == {
        "words_added": 3,
        "words_removed": 0,
        "changed_fields": ["body"],
        "minor": False,
    }


def test_every_changed_field_is_named_in_reading_order():
    changed = _with(title="Harbour wall: repair approved", byline="Sam Example")
    facts = compare_versions(FIRST, changed)
    assert facts["changed_fields"] == ["title", "byline"]
    # "what's next?" and "Alex" out; "repair approved" and "Sam" in.
    assert (facts["words_added"], facts["words_removed"], facts["minor"]) == (
        3,
        3,
        False,
    )
