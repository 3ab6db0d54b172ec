"""Paragraph alignment and word diffs (changes.diff): pure functions, many cases."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from newscrawl.changes.diff import (
    Segment,
    VersionText,
    diff_paragraphs,
    diff_versions,
    side,
    similarity,
    word_changes,
    word_segments,
)

SAME = "unchanged"
T0 = datetime(2026, 11, 20, 10, 0, tzinfo=timezone.utc)
P = [
    "The council met on Tuesday evening to discuss the future of the old "
    "harbour wall, closed to walkers since the storms of last winter.",
    "Engineers told the meeting that a full repair would take at least two "
    "years and cost more than the town had set aside.",
    "What happens next",
    '"We cannot wait another winter," said Ann Example, who runs the café on '
    "the quay. Residents who spoke were divided.",
    "A final decision is expected at the next meeting in January.",
]


def _kinds(old: list[str], new: list[str]) -> list[str]:
    return [b.kind for b in diff_paragraphs(old, new)]


def _version(number: int, title: str, body: list[str], **extra: str) -> VersionText:
    return VersionText(
        number=number,
        fetched_at=T0 + timedelta(hours=2 * number),
        title=title,
        standfirst=extra.get("standfirst", "Engineers say a barrier could help."),
        byline=extra.get("byline", "Alex Example"),
        paragraphs=tuple(body),
    )


def test_identical_texts_have_no_changes():
    assert _kinds(P, P) == ["unchanged"] * 5
    assert word_changes(P, P) == (0, 0)


def test_a_paragraph_inserted_at_the_top():
    top = "Update: the path will reopen before Christmas, the council said."
    blocks = diff_paragraphs(P, [top, *P])
    assert [b.kind for b in blocks] == ["inserted"] + ["unchanged"] * 5
    assert blocks[0].new == (0,) and blocks[0].old == ()
    assert blocks[0].segments == (Segment("insert", top),)
    assert [b.old for b in blocks[1:]] == [(i,) for i in range(5)]
    assert word_changes(P, [top, *P]) == (len(top.split()), 0)


def test_a_paragraph_deleted():
    blocks = diff_paragraphs(P, P[:1] + P[2:])
    assert [b.kind for b in blocks] == [SAME, "deleted", SAME, SAME, SAME]
    assert word_changes(P, P[:1] + P[2:]) == (0, len(P[1].split()))


def test_a_paragraph_split_in_two_adds_and_removes_no_words():
    first, second = P[1].split(" and cost ")
    new = [P[0], first, "And it would cost " + second, *P[2:]]
    blocks = diff_paragraphs(P, new)
    assert [b.kind for b in blocks] == [SAME, "split", SAME, SAME, SAME]
    split = blocks[1]
    assert split.old == (1,) and split.new == (1, 2)
    assert Segment("split", "") in split.segments
    # The new side is two paragraphs, the old side one.
    assert len(side(split.segments, "new")) == 2
    assert len(side(split.segments, "old")) == 1
    assert word_changes(P, new) == (3, 1)  # "And it would" added, "and" removed


def test_two_paragraphs_merged_into_one():
    new = [P[0], P[1] + " " + P[2], *P[3:]]
    blocks = diff_paragraphs(P, new)
    assert [b.kind for b in blocks][:2] == ["unchanged", "merged"]
    assert blocks[1].old == (1, 2) and blocks[1].new == (1,)
    assert Segment("join", "") in blocks[1].segments
    assert word_changes(P, new) == (0, 0)


def test_a_word_changed():
    new = [P[0], P[1].replace("two years", "three years"), *P[2:]]
    blocks = diff_paragraphs(P, new)
    assert [b.kind for b in blocks] == [SAME, "changed", SAME, SAME, SAME]
    ops = [(s.op, s.text) for s in blocks[1].segments]
    assert ops == [
        ("equal", "Engineers told the meeting that a full repair would take at least"),
        ("delete", "two"),
        ("insert", "three"),
        ("equal", "years and cost more than the town had set aside."),
    ]
    assert word_changes(P, new) == (1, 1)


def test_a_quote_removed():
    new = [*P[:3], "Residents who spoke were divided.", P[4]]
    blocks = diff_paragraphs(P, new)
    changed = blocks[3]
    assert changed.kind == "changed"
    removed = [s.text for s in changed.segments if s.op == "delete"]
    assert removed == [
        '"We cannot wait another winter," said Ann Example, who runs the café on '
        "the quay."
    ]
    assert [s.op for s in changed.segments] == ["delete", "equal"]
    assert word_changes(P, new) == (0, 15)


def test_reordered_paragraphs_are_moves():
    new = [P[0], P[3], P[1], P[2], P[4]]
    blocks = diff_paragraphs(P, new)
    moved_in = [b for b in blocks if b.kind == "moved_in"]
    moved_out = [b for b in blocks if b.kind == "moved_out"]
    assert len(moved_in) == len(moved_out) == 1
    assert moved_in[0].new == (1,) and moved_in[0].partner == 3
    assert moved_out[0].old == (3,) and moved_out[0].partner == 1
    assert [b.kind for b in blocks].count("unchanged") == 4
    # A move is no words added nor removed.
    assert word_changes(P, new) == (0, 0)


def test_a_moved_paragraph_that_was_also_edited():
    edited = P[3].replace("divided", "split")
    new = [P[0], edited, P[1], P[2], P[4]]
    blocks = diff_paragraphs(P, new)
    (moved_in,) = [b for b in blocks if b.kind == "moved_in"]
    assert ("insert", "split.") in [(s.op, s.text) for s in moved_in.segments]
    assert word_changes(P, new) == (1, 1)


def test_a_paragraph_rewritten_in_its_place_is_one_change():
    rewrite = "Nobody at the town hall would comment on Wednesday."
    blocks = diff_paragraphs(P, [P[0], rewrite, *P[2:]])
    assert [b.kind for b in blocks] == [SAME, "changed", SAME, SAME, SAME]
    assert " ".join(s.text for s in side(blocks[1].segments, "new")[0]) == rewrite


def test_a_paragraph_replaced_by_two_unlike_ones_is_deleted_and_inserted():
    first = "Nobody at the town hall would comment on Wednesday."
    second = "A spokesperson said a statement would follow."
    blocks = diff_paragraphs(P, [P[0], first, second, *P[2:]])
    assert [b.kind for b in blocks][:4] == [SAME, "deleted", "inserted", "inserted"]


def test_a_headline_only_change():
    old = _version(0, "Harbour wall repair plan divides town", P)
    new = _version(1, "Harbour wall repair plan approved", P)
    diff = diff_versions(old, new)
    assert diff.changed_fields == ["title"]
    title = diff.fields[0]
    assert (title.name, title.label, title.changed) == ("title", "Headline", True)
    assert [(s.op, s.text) for s in title.segments] == [
        ("equal", "Harbour wall repair plan"),
        ("delete", "divides town"),
        ("insert", "approved"),
    ]
    assert all(b.kind == "unchanged" for b in diff.blocks)
    assert (diff.words_added, diff.words_removed) == (1, 2)


def test_an_unrelated_new_headline_is_shown_whole():
    old = _version(0, "Harbour wall repair plan divides town", P)
    new = _version(1, "Council in row over quay", P)
    (segment_old, segment_new) = diff_versions(old, new).fields[0].segments
    assert segment_old == Segment("delete", "Harbour wall repair plan divides town")
    assert segment_new == Segment("insert", "Council in row over quay")


def test_standfirst_and_byline_are_compared_as_fields():
    old = _version(0, "Headline", P)
    new = _version(1, "Headline", P, byline="Alex Example and Sam Sample")
    diff = diff_versions(old, new)
    assert diff.changed_fields == ["byline"]
    assert diff.fields[2].segments[-1] == Segment("insert", "and Sam Sample")


def test_the_stored_counts_match_the_diff_shown():
    new_body = [P[4], P[0], P[1].replace("two", "three"), P[2]]
    old = _version(0, "Harbour wall repair plan divides town", P)
    new = _version(1, "Harbour wall plan approved", new_body)
    diff = diff_versions(old, new)

    def texts(v: VersionText) -> list[str]:
        return [v.title, v.standfirst, v.byline, *v.paragraphs]

    assert (diff.words_added, diff.words_removed) == word_changes(
        texts(old), texts(new)
    )


def test_version_text_from_a_stored_document():
    doc = {
        "version": 3,
        "fetched_at": T0,
        "title": "T",
        "standfirst": "S",
        "byline": "B",
        "body": "one\ntwo",
        "minor": True,
    }
    text = VersionText.from_doc(doc)
    assert (text.number, text.paragraphs, text.minor) == (3, ("one", "two"), True)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [("a b c", "a b c", 1.0), ("a b", "c d", 0.0), ("A b", "a B", 1.0), ("", "", 1.0)],
)
def test_similarity(a, b, expected):
    assert similarity(a, b) == expected


def test_word_segments_put_deletions_before_insertions():
    assert [s.op for s in word_segments("a b c", "a x c")] == [
        "equal",
        "delete",
        "insert",
        "equal",
    ]


def test_long_texts_with_many_changes_still_align_by_paragraph():
    # More paragraphs than the exhaustive comparison handles: the word-pair
    # index must find the right partners.
    old = [f"Paragraph {n} tells of event {n} in the harbour town." for n in range(60)]
    new = [p.replace("tells", "says") for p in old]
    blocks = diff_paragraphs(old, new)
    assert [b.kind for b in blocks] == ["changed"] * 60
    assert [b.old for b in blocks] == [(n,) for n in range(60)]
    assert word_changes(old, new) == (60, 60)
