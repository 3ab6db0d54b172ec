"""The shared parser helpers that paywall checks use: cut_short and js_value."""

from __future__ import annotations

import pytest

from newscrawl.parsers.base import cut_short
from newscrawl.parsers.scripts import js_value


@pytest.mark.parametrize(
    ("shown", "expected", "cut"),
    [
        (2, 20, True),
        (14, 20, True),
        (15, 20, False),  # 75% is not cut
        (20, 20, False),
        (25, 20, False),  # more than declared is never cut
        (0, 0, False),  # nothing declared: no verdict
        (1330, 1433, False),  # real word counts stay within a few percent
    ],
)
def test_cut_short(shown: int, expected: int, cut: bool) -> None:
    assert cut_short(shown, expected) is cut


def test_js_value_reads_an_assignment_with_undefined_values() -> None:
    script = 'window.__data = {"a": undefined, "b": [1, undefined], "c": "x"};var y=1;'
    assert js_value(script, "__data") == {"a": None, "b": [1, None], "c": "x"}


def test_js_value_reads_a_property_assignment_without_spaces() -> None:
    script = 'var F=F||{};F.content={"_id":"ABC","n":2};F.config={};'
    assert js_value(script, "F.content") == {"_id": "ABC", "n": 2}


@pytest.mark.parametrize(
    "script",
    ["", "window.other = {};", "window.__data = {broken", "window.__data = ;"],
)
def test_js_value_gives_none_for_missing_or_broken_data(script: str) -> None:
    assert js_value(script, "__data") is None
