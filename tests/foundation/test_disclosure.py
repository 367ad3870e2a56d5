"""The one disclosure rule (portal/disclosure.py): random rounding to base 5, deterministic, unbiased, totals
rounded on their own so that subtraction reveals no one."""
from __future__ import annotations

from collections import Counter

import pytest

from portal.disclosure import BASE, disclose, disclose_one, round_count


def test_multiples_of_five_and_zero_are_shown_as_they_are(app):
    for n in (0, 5, 10, 55):
        assert round_count(n, table="t", cell="c") == n


def test_every_other_count_becomes_a_neighbouring_multiple_of_five(app):
    for n in range(1, 200):
        shown = round_count(n, table="t", cell=f"c{n}")
        assert shown % BASE == 0 and abs(shown - n) < BASE


def test_the_same_cell_always_shows_the_same_figure(app):
    first = [round_count(n, table="consultation:1:categories", cell="survivors") for n in range(1, 50)]
    again = [round_count(n, table="consultation:1:categories", cell="survivors") for n in range(1, 50)]
    assert first == again


def test_rounding_is_unbiased_on_average(app):
    # Over many cells, a true 1 is shown as 5 about a fifth of the time, a true 4 about four fifths.
    for n, expected in ((1, 0.2), (2, 0.4), (3, 0.6), (4, 0.8)):
        ups = Counter(round_count(n, table="bias", cell=str(i)) for i in range(4000))[BASE] / 4000
        assert ups == pytest.approx(expected, abs=0.03)


def test_the_secret_decides_so_nobody_can_undo_the_rounding(app):
    shown = [round_count(3, table="t", cell=str(i)) for i in range(64)]
    app.config["SECRET_KEY"], old = "another-secret", app.config["SECRET_KEY"]
    try:
        other = [round_count(3, table="t", cell=str(i)) for i in range(64)]
    finally:
        app.config["SECRET_KEY"] = old
    assert shown != other


def test_subtracting_published_figures_does_not_single_out_the_one_survivor(app):
    """The issue's example: 6 inputs, 5 from NGOs, 1 from a survivor who strongly disagreed. Whatever the
    rounding, no published difference pins the survivor down to an exact count of 1."""
    categories = disclose({"ngo": 5, "survivors": 1}, table="wwh:1:categories")
    answers = disclose({"agree": 5, "strongly_disagree": 1}, table="wwh:1:q1")
    assert categories.cells["ngo"] == 5 and answers.cells["agree"] == 5
    for table in (categories, answers):
        assert table.total in (5, 10)                      # 6 is never shown
        assert all(v % BASE == 0 for v in table.cells.values())
    # Every published figure is a multiple of 5, so every difference of figures is too: never 1.
    figures = list(categories.cells.values()) + [categories.total] + list(answers.cells.values()) + [answers.total]
    assert all((a - b) % BASE == 0 for a in figures for b in figures)


def test_shares_come_from_the_rounded_figures(app):
    table = disclose({"a": 10, "b": 0}, table="shares")
    assert table.share("a") == 1.0 and table.share("b") == 0.0
    assert disclose({"a": 0}, table="empty").share("a") is None


def test_a_single_count(app):
    assert disclose_one(15, table="rt:1:attendance") == 15
    assert disclose_one(3, table="rt:1:attendance") in (0, 5)
