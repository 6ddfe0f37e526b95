"""The one formatting module: Danish numbers, percentages and dates."""

import datetime as dt

import pytest

from vvvanalysis import danish

NB = "\u00a0"


@pytest.mark.parametrize("value, text", [(6063, "6.063"), (9065, "9.065"), (7000, "7.000"), (42, "42"),
                                         (1234567, "1.234.567"), (0, "0")])
def test_integers_use_dot_as_thousands_separator(value, text):
    assert danish.number(value) == text


def test_decimals_use_comma_and_round_half_up():
    assert danish.number(2.25, 1) == "2,3"
    assert danish.number(2.5) == "3"        # banker's rounding would give 2
    assert danish.number(0.125, 2) == "0,13"


@pytest.mark.parametrize("count, n, table, text", [(29, 31, "94", "94"), (10, 35, "29", "29"),
                                                   (9, 31, "29", "29"), (1, 35, "3", "3"), (27, 59, "46", "46")])
def test_percent_in_tables_and_in_running_text(count, n, table, text):
    assert danish.percent(count / n) == f"{table}{NB}%"
    assert danish.percent_text(count / n) == f"{text}{NB}pct."


def test_half_percent_rounds_up_as_the_memo_does():
    assert danish.percent(0.125) == f"13{NB}%"
    assert danish.percent(0.745) == f"75{NB}%"


def test_dates_and_months_in_danish():
    assert danish.date(dt.date(2021, 11, 30)) == "30. november 2021"
    assert danish.date("2021-05-01") == "1. maj 2021"
    assert danish.month(dt.date(2021, 5, 1)) == "maj 2021"


def test_n_label_and_counts():
    assert danish.n_label(42) == f"n{NB}={NB}42"
    assert danish.count_of(27, 59) == "27 ud af 59"


def test_share_rejects_empty_base():
    with pytest.raises(ValueError):
        danish.share(1, 0)
