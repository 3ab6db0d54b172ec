"""The viewer's query parameters (newscrawl.web.params): what is read, what is a 400."""

from __future__ import annotations

import pytest

from newscrawl.web.params import BadParameter, integer, page


def test_whole_numbers_in_ascii_digits_are_read():
    assert integer({"to": "12"}, "to") == 12
    assert integer({"to": " -3 "}, "to") == -3
    assert integer({}, "to", default=7) == 7


@pytest.mark.parametrize("text", ["٣", "３", "1.5", "2e3", "0x10", "1234567890"])
def test_anything_else_is_a_bad_parameter(text):
    with pytest.raises(BadParameter):
        integer({"to": text}, "to")


def test_a_page_number_has_bounds():
    assert page({"page": "2"}) == 2
    with pytest.raises(BadParameter):
        page({"page": "0"})
