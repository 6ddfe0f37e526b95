"""Indicator outputs that the ground-truth check does not look at directly."""

from __future__ import annotations

from conftest import MIDTERM

from vvvanalysis import indicators as ind


def test_success_status_comes_from_the_table_the_csv_names():
    status = ind.succeskriterier(MIDTERM).set_index("criterion_id")
    assert status.at["kommuner", "status"] == ind.kommune_tilstedevaerelse(MIDTERM)["til_stede"]
    assert status.at["deltagere", "status"] == ind.deltagere(MIDTERM)["deltagere"]
    summary = ind.kurser_summary(MIDTERM)
    assert status.at["kurser", "status"] == summary["kurser"] + summary["workshops"]
    assert status.at["boligomraader", "status"] == ind.boligomraader(MIDTERM)["etableret"]
    unreported = status[status["source"].isna()].index
    assert set(unreported) == {"frivilligledere_kapacitet", "kommuner_tilbydes_ven", "kursister_rustet",
                               "afbrudte_forloeb"}


def test_shares_are_fractions():
    for frame in (ind.tabel6(MIDTERM), ind.tabel7(MIDTERM), ind.fig4(MIDTERM), ind.fig9(MIDTERM)):
        assert frame["share"].between(0, 1).all()
