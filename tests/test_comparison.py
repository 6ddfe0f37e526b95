"""Development since the previous round: counts and survey shares of two rounds, with honest uncertainty."""

from __future__ import annotations

import shutil

import pytest

from conftest import ROOT
from vvvanalysis import comparison
from vvvanalysis.errors import ConfigError


def test_previous_round_comes_from_round_yml():
    assert comparison.previous_round("final").name == "midterm"
    assert comparison.previous_round("midterm") is None


def test_counts_compare_the_latest_values_of_both_rounds():
    t = comparison.counts("final").set_index("key")
    assert t.loc["deltagere", "previous"] == 6063 and t.loc["deltagere", "previous_when"] == "2020"
    assert t.loc["deltagere", "current"] == 6874 and t.loc["deltagere", "current_when"] == "2022"
    assert t.loc["kommuner", "previous"] == 83 and t.loc["kommuner", "current"] == 88
    assert t.loc["boligomraader", "current"] == 7 and t.loc["kurser", "current"] == 26
    assert (t["change"] == t["current"] - t["previous"]).all()


def test_every_share_in_both_rounds_is_compared_and_the_rest_is_listed():
    s = comparison.shares("final")
    assert len(s) == 38
    assert not ((s["key"] == "kursus_redskaber") & (s["label"] == "I mindre grad")).any()   # midterm lacks it
    assert "Kurset gav redskaber: I mindre grad" in comparison.only_in_one("final")
    assert ((s["low"] <= s["diff"]) & (s["diff"] <= s["high"])).all()


def test_interval_covering_zero_is_worded_as_possible_chance():
    small = comparison.share_difference(12, 22, 10, 22)
    assert small["covers_zero"] and comparison.reading(small) == comparison.CHANCE
    big = comparison.share_difference(90, 100, 20, 100)
    assert not big["covers_zero"] and comparison.reading(big).startswith("stigning")
    assert comparison.reading(comparison.share_difference(20, 100, 90, 100)).startswith("fald")


def test_newcombe_interval_matches_a_known_value():
    # Newcombe (1998), example (a): 56/70 vs 48/80 -> difference 0.2000, interval 0.0524 to 0.3339
    d = comparison.share_difference(56, 70, 48, 80)
    assert d["diff"] == pytest.approx(0.2)
    assert d["low"] == pytest.approx(0.0524, abs=1e-3) and d["high"] == pytest.approx(0.3339, abs=1e-3)


def test_unknown_previous_round_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("VVV_ROOT", str(tmp_path))   # a round is a name under data/ of the project
    for name in ("midterm", "final"):
        shutil.copytree(ROOT / "data" / name, tmp_path / "data" / name)
    cfg = tmp_path / "data" / "final" / "round.yml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("compare_with: midterm", "compare_with: midtvej"),
                   encoding="utf-8")
    with pytest.raises(ConfigError, match="midtvej"):
        comparison.counts(tmp_path / "data" / "final")


def test_a_round_without_previous_round_cannot_be_compared():
    with pytest.raises(ConfigError, match="compare_with"):
        comparison.counts("midterm")
