"""Text normalisation and the content hash: only real changes of wording count."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from datetime import datetime, timezone

import pytest

from newscrawl.items import ArticleItem
from newscrawl.text.hashing import HASH_SCHEME, content_hash
from newscrawl.text.normalize import (
    normalize_item,
    normalize_paragraphs,
    normalize_tags,
    normalize_text,
    word_count,
)

COMPOSED = "caf\u00e9"  # é as one code point
DECOMPOSED = "cafe\u0301"  # e + combining acute accent

FIELDS = {
    "title": "Harbour wall to be repaired",
    "standfirst": "Council approves £2m plan",
    "byline": "Jane Smith",
    "body": ["Work starts in March.", "Café owners welcome it."],
}
#: content_hash(**FIELDS), computed once and pinned: it must never drift, or
#: every stored article would look changed on its next check.
PINNED = "v1:9488ec825f3bf6b3dfc86218a391899c2e3c809c465ee1dc24839a5283499010"


def _item(**fields: object) -> ArticleItem:
    values: dict[str, object] = {
        "url": "https://www.theguardian.com/world/2024/feb/24/slug",
        "source": "guardian",
        **FIELDS,
        "body": list(FIELDS["body"]),
    }
    values.update(fields)
    return ArticleItem(**values)  # type: ignore[arg-type]


# --- normalize_text ------------------------------------------------------------


def test_composed_and_decomposed_accents_normalise_to_the_same_nfc_text():
    assert COMPOSED != DECOMPOSED
    assert normalize_text(COMPOSED) == normalize_text(DECOMPOSED) == COMPOSED
    assert unicodedata.is_normalized("NFC", normalize_text(DECOMPOSED))


def test_composed_and_decomposed_accents_give_the_same_hash():
    a = normalize_item(_item(title=f"A {COMPOSED} reopens"))
    b = normalize_item(_item(title=f"A {DECOMPOSED} reopens"))
    assert a.title == b.title
    assert a.content_hash == b.content_hash


@pytest.mark.parametrize(
    "raw",
    [
        "one\u00a0two",  # no-break space
        "one\u202ftwo",  # narrow no-break space
        "one\u2009two",  # thin space
        "one\ttwo",
        "one\ntwo",
        "one\r\ntwo",
        "one \t\n\u00a0 two",
        "one\u200b two",  # zero-width space next to a real space
        "one \ufeff\u200btwo",
        "  one two  ",
        "\u00a0one two\u200b",
        "\n\tone   two\n",
    ],
)
def test_white_space_of_every_kind_collapses_to_one_space(raw):
    assert normalize_text(raw) == "one two"


def test_every_character_re_takes_for_white_space_collapses_as_before():
    # The hash of every stored version depends on it: the same text as the
    # pattern r"\s+" gave (U+3000 is the last white space character).
    spaced = re.compile(r"\s+")
    for char in map(chr, range(0x3001)):
        if char in "\u200b\u2060\u00ad":  # invisible: removed, tested above
            continue
        raw = f"{char} one{char}{char}two {char}"
        text = unicodedata.normalize("NFC", raw)
        assert normalize_text(raw) == spaced.sub(" ", text).strip(), hex(ord(char))


@pytest.mark.parametrize("raw", [None, "", " ", "\u00a0\u200b\t\n", "\ufeff"])
def test_blank_text_normalises_to_empty(raw):
    assert normalize_text(raw) == ""


def test_normalize_text_keeps_punctuation_and_case():
    assert normalize_text("It\u2019s \u201cfine\u201d, SAYS  PM") == (
        "It\u2019s \u201cfine\u201d, SAYS PM"
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("foo\u200bbar", "foobar"),  # zero-width space inside a word
        ("foo\u2060bar", "foobar"),  # word joiner: 'do not break here'
        ("foo\ufeffbar", "foobar"),  # stray BOM / zero-width no-break space
        ("\U0001f468\u200d\U0001f469\u200d\U0001f467", None),  # family emoji
    ],
)
def test_invisible_characters_inside_a_word_do_not_split_it(raw, expected):
    expected = raw if expected is None else expected
    assert normalize_text(raw) == expected


# --- paragraphs and tags -------------------------------------------------------


def test_empty_paragraphs_are_dropped_and_order_kept():
    raw = ["", "  First\u00a0para ", "\n\t", "\u200b", "Second\npara", None, "Third"]
    assert normalize_paragraphs(raw) == ["First para", "Second para", "Third"]  # type: ignore[list-item]


@pytest.mark.parametrize("raw", [None, [], ["", " ", "\u00a0"]])
def test_no_paragraphs_normalise_to_an_empty_list(raw):
    assert normalize_paragraphs(raw) == []


def test_tags_are_normalised_deduplicated_and_keep_first_seen_order():
    raw = ["World news", "UK", " World\u00a0 news ", "", "France", "UK", "\t"]
    assert normalize_tags(raw) == ["World news", "UK", "France"]


def test_tags_differing_only_in_case_are_distinct():
    assert normalize_tags(["Europe", "europe"]) == ["Europe", "europe"]


def test_word_count_counts_words_across_paragraphs():
    assert word_count(["one two", "three", "four five six"]) == 6
    assert word_count([]) == 0


# --- normalize_item ------------------------------------------------------------


def test_normalize_item_normalises_every_text_field_in_place_and_sets_the_hash():
    item = _item(
        title="  Harbour\u00a0wall to be\nrepaired ",
        standfirst="Council approves\t£2m plan",
        byline=" Jane  Smith ",
        section=" UK\u00a0news ",
        body=["", " Work starts in March. ", "\n", "Cafe\u0301 owners welcome it."],
        tags=["UK news", "UK\u00a0news", "Councils"],
    )
    returned = normalize_item(item)
    assert returned is item
    assert item.title == FIELDS["title"]
    assert item.standfirst == FIELDS["standfirst"]
    assert item.byline == FIELDS["byline"]
    assert item.section == "UK news"
    assert item.body == FIELDS["body"]
    assert item.tags == ["UK news", "Councils"]
    assert item.content_hash == PINNED


def test_whitespace_only_differences_give_the_same_hash():
    plain = normalize_item(_item())
    messy = normalize_item(
        _item(
            title="Harbour  wall to\u00a0be repaired\n",
            body=["\tWork starts in March.", "", "Café owners\r\nwelcome it.  "],
        )
    )
    assert messy.content_hash == plain.content_hash


def test_section_tags_and_times_are_not_part_of_the_hash():
    plain = normalize_item(_item())
    other = normalize_item(
        _item(
            section="Opinion",
            tags=["Something else"],
            published=datetime(2024, 2, 24, tzinfo=timezone.utc),
            modified=datetime(2024, 2, 25, tzinfo=timezone.utc),
        )
    )
    assert other.content_hash == plain.content_hash


# --- content_hash --------------------------------------------------------------


def test_hash_of_a_fixed_input_is_pinned():
    assert content_hash(**FIELDS) == PINNED


def test_hash_is_sha256_of_the_documented_compact_json_encoding():
    payload = json.dumps(
        [FIELDS["title"], FIELDS["standfirst"], FIELDS["byline"], FIELDS["body"]],
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode("utf-8")
    assert content_hash(**FIELDS) == "v1:" + hashlib.sha256(payload).hexdigest()


def test_hash_of_empty_fields_is_pinned_too():
    assert content_hash(title="", standfirst="", byline="", body=[]) == (
        "v1:deededb26174112db34661e21947e64e53f8d52582e3d6280fce3381d425524d"
    )


def test_hash_has_the_v1_scheme_prefix_and_a_sha256_hex_digest():
    value = content_hash(**FIELDS)
    assert HASH_SCHEME == "v1"
    prefix, digest = value.split(":")
    assert prefix == "v1"
    assert len(digest) == 64
    assert int(digest, 16) >= 0
    assert digest == digest.lower()


def test_hash_is_stable_across_calls():
    assert {content_hash(**FIELDS) for _ in range(5)} == {PINNED}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", "Harbour wall to be repaired soon"),
        ("standfirst", "Council approves £3m plan"),
        ("byline", "John Smith"),
        ("body", ["Work starts in April.", "Café owners welcome it."]),
        ("body", ["Work starts in March."]),
        ("body", [*FIELDS["body"], "A new paragraph."]),
        ("body", list(reversed(FIELDS["body"]))),
        ("standfirst", ""),
        ("byline", ""),
    ],
)
def test_hash_differs_when_any_one_field_changes(field, value):
    assert content_hash(**{**FIELDS, field: value}) != PINNED


def test_moving_a_paragraph_boundary_changes_the_hash():
    base = {"title": "T", "standfirst": "S", "byline": "B"}
    assert content_hash(**base, body=["a b", "c"]) != content_hash(
        **base, body=["a", "b c"]
    )


def test_joining_two_paragraphs_changes_the_hash():
    base = {"title": "T", "standfirst": "S", "byline": "B"}
    assert content_hash(**base, body=["a", "b"]) != content_hash(**base, body=["a b"])


def test_moving_text_between_fields_changes_the_hash():
    assert content_hash(title="a b", standfirst="c", byline="", body=[]) != (
        content_hash(title="a", standfirst="b c", byline="", body=[])
    )
    assert content_hash(title="", standfirst="", byline="", body=["x"]) != (
        content_hash(title="x", standfirst="", byline="", body=[])
    )


def test_separator_like_characters_inside_a_field_cannot_collide():
    one = content_hash(title='a","b', standfirst="", byline="", body=[])
    two = content_hash(title="a", standfirst="b", byline="", body=[])
    assert one != two
    assert content_hash(title="", standfirst="", byline="", body=["a\nb"]) != (
        content_hash(title="", standfirst="", byline="", body=["a", "b"])
    )


def test_typographic_quote_change_is_a_real_change():
    straight = normalize_item(_item(body=['He said "yes" and it\'s done.']))
    curly = normalize_item(_item(body=["He said \u201cyes\u201d and it\u2019s done."]))
    assert straight.body != curly.body
    assert straight.content_hash != curly.content_hash


def test_alt_title_is_normalised_and_dropped_when_it_is_the_title() -> None:
    def alt(title: str, alt_title: str | None) -> str | None:
        item = ArticleItem(url="u", source="s", title=title, alt_title=alt_title)
        return normalize_item(item).alt_title

    assert (
        alt("Harbour wall", "  Harbour\u00a0wall: the  plan ")
        == "Harbour wall: the plan"
    )
    assert alt("Harbour wall", " Harbour  wall ") is None
    assert alt("Harbour wall", "") is None
    assert alt("Harbour wall", None) is None
    # Curly and straight quotes are one wording; any other difference is not.
    assert alt("Mayor\u2019s \u201cplan\u201d", 'Mayor\'s "plan"') is None
    assert alt("Harbour wall", "harbour wall") == "harbour wall"


def test_alt_title_is_not_part_of_the_content_hash() -> None:
    def hashed(alt_title: str | None) -> str:
        item = ArticleItem(
            url="u", source="s", title="T", body=["b"], alt_title=alt_title
        )
        return normalize_item(item).content_hash

    assert hashed(None) == hashed("Another wording") == hashed("A third one")
