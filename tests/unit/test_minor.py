"""Minor changes (newscrawl.text.minor): timestamps and typography only."""

from __future__ import annotations

import pytest

from newscrawl.text.minor import is_minor_change, is_timestamp_line, typographic_form

BODY = [
    "The council met on Tuesday to discuss the harbour wall.",
    '"It\'s a disgrace," said one resident - and many agreed.',
]
BASE = {
    "title": "Harbour wall: what's next?",
    "standfirst": "Engineers say the repair will take years",
    "byline": "Alex Example",
    "body": "\n".join(BODY),
}


def _with(**changes: str) -> dict[str, str]:
    return {**BASE, **changes}


@pytest.mark.parametrize(
    "line",
    [
        "Last modified on Fri 20 Nov 2026 10.42 GMT",
        "Updated at 10:42",
        "First published on Friday 20 November 2026 09.30 GMT",
        "20 November 2026",
        "2026-11-20T10:42:00Z",
        "Published: 20/11/2026, 9am",
    ],
)
def test_timestamp_lines(line):
    assert is_timestamp_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "This article was amended on 20 November 2026",  # a correction: real
        "The council met on 20 November",
        "Updated",
        "2 dead after storm",
        "",
    ],
)
def test_lines_that_are_not_timestamps(line):
    assert not is_timestamp_line(line)


def test_typographic_form():
    assert typographic_form("\u201cIt\u2019s over\u201d \u2014 or is it\u2026") == (
        '"It\'s over"-or is it...'
    )
    assert typographic_form("a - b") == typographic_form("a\u2013b") == "a-b"


def test_curly_quotes_and_dashes_are_minor():
    curly = [
        BODY[0],
        "\u201cIt\u2019s a disgrace,\u201d said one resident \u2014 and many agreed.",
    ]
    assert is_minor_change(BASE, _with(body="\n".join(curly)))
    assert is_minor_change(BASE, _with(title="Harbour wall: what\u2019s next?"))


def test_a_timestamp_line_changing_appearing_or_going_is_minor():
    stamped = "\n".join([*BODY, "Last modified on Fri 20 Nov 2026 10.42 GMT"])
    restamped = "\n".join([*BODY, "Last modified on Fri 20 Nov 2026 11.05 GMT"])
    assert is_minor_change(_with(body=stamped), _with(body=restamped))
    assert is_minor_change(BASE, _with(body=stamped))
    assert is_minor_change(_with(body=stamped), BASE)


def test_changes_of_wording_are_not_minor():
    assert not is_minor_change(BASE, _with(title="Harbour wall: what now?"))
    assert not is_minor_change(BASE, _with(body=BODY[0]))
    correction = "This article was amended on 20 November 2026"
    assert not is_minor_change(BASE, _with(body="\n".join([*BODY, correction])))
    # Text moving from the standfirst into the body is a real change too.
    moved = _with(standfirst="", body="\n".join([BASE["standfirst"], *BODY]))
    assert not is_minor_change(BASE, moved)


def test_identical_versions_are_no_change_at_all():
    assert not is_minor_change(BASE, dict(BASE))
