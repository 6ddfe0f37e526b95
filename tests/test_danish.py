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


# --- verbal roundings: the helper reproduces the memo's own pairs (tests/ground_truth) -------------------

from pathlib import Path  # noqa: E402

import yaml  # noqa: E402

_PAIRS = yaml.safe_load((Path(__file__).parent / "ground_truth" / "verbale_afrundinger.yaml").read_text("utf-8"))


@pytest.mark.parametrize("pair", _PAIRS["amounts"], ids=lambda p: p["phrase"] + str(p["values"]))
def test_verbal_amounts_match_the_memo(pair):
    assert danish.verbal_amounts(pair["values"], 1000, pair["wording"], pair.get("below_word", "knap")) \
        == pair["phrase"]


@pytest.mark.parametrize("pair", _PAIRS["shares"], ids=lambda p: p["phrase"] + p["memo_ref"])
def test_verbal_shares_match_the_memo(pair):
    share = pair["count"] / pair["n"] if "count" in pair else pair["share"]
    assert danish.verbal_share(share, pair["wording"]) == pair["phrase"]


@pytest.mark.parametrize("pair", _PAIRS["changes"], ids=lambda p: p["phrase"])
def test_verbal_changes_match_the_memo(pair):
    assert danish.verbal_change(pair["new"], pair["old"], pair["singular"], pair["plural"]) == pair["phrase"]


@pytest.mark.parametrize("value, wording, text", [
    (6000, "close", "6.000"),            # exactly round: no qualifier
    (6101, "close", "over 6.000"),       # beyond the tenth of the unit: 'lige over' would overstate
    (880, "close", "under 1.000"),       # 12 % below: not 'knap'
    (900, "close", "knap 1.000"),        # exactly a tenth below still counts
    (6063, "plain", "over 6.000"),
])
def test_verbal_amount_bands(value, wording, text):
    assert danish.verbal_amount(value, 1000, wording) == text


@pytest.mark.parametrize("share, wording, text", [
    (0.5, "close", "halvdelen"),
    (0.56, "close", "over halvdelen"),        # six points over: not 'lidt over'
    (0.30, "about", "knap en tredjedel"),     # "ca." needs 2,5 points; falls back to the close band
    (0.40, "close", "over en tredjedel"),
    (0.286, "close", "lidt over en fjerdedel"),  # nearest fraction by default ...
])
def test_verbal_share_bands(share, wording, text):
    assert danish.verbal_share(share, wording) == text


def test_verbal_share_against_a_named_fraction():
    assert danish.verbal_share(12 / 42, "close", of=1 / 3) == "knap en tredjedel"
    with pytest.raises(ValueError):
        danish.verbal_share(0.3, of=0.3)


def test_verbal_amounts_refuse_values_without_a_common_phrase():
    with pytest.raises(ValueError):
        danish.verbal_amounts([937, 1063])


@pytest.mark.parametrize("n, neuter, text", [(1, False, "én"), (1, True, "ét"), (4, False, "fire"),
                                             (12, False, "tolv"), (13, False, "13"), (0, False, "ingen")])
def test_small_counts_in_words(n, neuter, text):
    assert danish.count_word(n, neuter) == text


def test_changes_in_words():
    assert danish.verbal_change(86, 83, "kommune", "kommuner") == "en stigning på tre kommuner"
    assert danish.verbal_change(83, 83, "kommune", "kommuner") == "ingen ændring"


def test_verbal_amount_below_half_the_unit_stays_exact():
    assert danish.verbal_amount(126, 1000) == "126"
