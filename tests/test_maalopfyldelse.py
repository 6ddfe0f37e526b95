"""Målopfyldelse: every criterion with target, status and verdict; indicators never shown as status."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from conftest import MIDTERM, ROOT

from vvvanalysis import danish, indicators, uncertainty
from vvvanalysis.literal import plain  # noqa: E402  (outputs are escaped markdown)
from vvvanalysis.data import load_table
from vvvanalysis.errors import DataError
from vvvanalysis.keyfigures import maalopfyldelse as keyfigures
from vvvanalysis.notebook import setup
from vvvanalysis.outputs import maalopfyldelse as out

CRITERIA = ["kommuner", "deltagere", "frivilligledere_kapacitet", "kommuner_tilbydes_ven", "kursister_rustet",
            "kurser", "afbrudte_forloeb", "boligomraader"]


def test_every_criterion_once_with_its_status():
    data = indicators.maalopfyldelse(MIDTERM).set_index("criterion_id")
    assert list(data.index) == CRITERIA
    base = indicators.succeskriterier(MIDTERM).set_index("criterion_id")
    for cid in CRITERIA:
        assert data.at[cid, "target"] == base.at[cid, "target"]
    assert data.at["kommuner", "status"] == indicators.kommune_tilstedevaerelse(MIDTERM)["til_stede"]
    assert data.at["deltagere", "gap"] == indicators.deltagere(MIDTERM)["mangler_til_maal"]
    assert data.at["boligomraader", "gap"] == indicators.boligomraader(MIDTERM)["mangler"]


def test_indicators_are_never_the_status():
    data = indicators.maalopfyldelse(MIDTERM).set_index("criterion_id")
    for cid in ("frivilligledere_kapacitet", "kommuner_tilbydes_ven", "kursister_rustet"):
        assert pd.isna(data.at[cid, "status"]) and data.at[cid, "verdict"] == indicators.ONLY_INDICATOR
    assert pd.isna(data.at["afbrudte_forloeb", "status"])
    assert data.at["afbrudte_forloeb", "verdict"] == indicators.NOT_REPORTED


def test_indicator_values_and_wilson_intervals():
    m = indicators.succeskriterie_maalinger(MIDTERM).set_index("measure_id")
    assert (m.at["rk_mangel_paa_frivillige", "count"], m.at["rk_mangel_paa_frivillige", "n"]) == (27, 59)
    t7 = indicators.tabel7(MIDTERM)
    assert m.at["tabel7_matchet", "count"] == int(t7["count"].iloc[0] + t7["count"].iloc[1])
    f9 = indicators.fig9(MIDTERM).set_index("label")
    assert m.at["fig9_viden", "count"] == f9.at["I høj grad", "count"] + f9.at["I nogen grad", "count"]
    for _, row in m.iterrows():
        assert row["n"] < uncertainty.SMALL_N
        assert (row["low"], row["high"]) == pytest.approx(uncertainty.wilson(row["count"], row["n"]))
    assert set(m["role"]) == {"indikator"}


@pytest.mark.parametrize("reached, expected", [(1.2, "Målet er nået"), (1.0, "Målet er nået"),
                                               (0.9, "Tæt på målet"), (0.85, "Tæt på målet"),
                                               (0.6, "Et stykke fra målet"), (0.2, "Langt fra målet")])
def test_verdict_thresholds(reached, expected):
    assert indicators.verdict(reached) == expected


def test_share_of_target_for_upper_limits():
    assert indicators.share_of_target(0.10, 0.15, "<") == 1.0
    assert indicators.share_of_target(0.30, 0.15, "<") == pytest.approx(0.5)
    assert indicators.share_of_target(45, 90, ">=") == 0.5


def test_tables_show_not_reported_and_intervals():
    ctx = setup("midterm")
    main = plain(out.tabel_maalopfyldelse(ctx).data)
    assert main.count("ikke opgjort") == 4 and "Kun indikator" in main and "6.063" in main
    assert "95 %-interval" not in main           # no share status in the midterm round
    ind = plain(out.tabel_indikatorer(ctx).data)
    assert uncertainty.interval_text(27, 59) in ind and danish.percent(27 / 59) in ind


def _copy_with_share_status(round_copy):
    path = round_copy / "succeskriterier_indikatorer.csv"
    text = path.read_text(encoding="utf-8").replace("fig9_viden,indikator", "fig9_viden,status")
    path.write_text(text, encoding="utf-8")
    return round_copy


def test_a_share_status_gets_its_interval_and_verdict(round_copy):
    _copy_with_share_status(round_copy)
    data = indicators.maalopfyldelse(round_copy).set_index("criterion_id")
    assert data.at["kursister_rustet", "status"] == pytest.approx(34 / 35)
    assert data.at["kursister_rustet", "verdict"] == "Målet er nået"
    assert data.at["kursister_rustet", "source"] == "kursusevaluering"
    table = plain(out.tabel_maalopfyldelse(setup("midterm", str(round_copy))).data)
    assert "95 %-interval" in table and uncertainty.interval_text(34, 35) in table


def test_two_statuses_for_one_criterion_are_refused(round_copy):
    path = round_copy / "succeskriterier_indikatorer.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",indikator,", ",status,"), encoding="utf-8")
    with pytest.raises(DataError, match="more than one status"):
        indicators.maalopfyldelse(round_copy)


def test_unknown_answer_label_is_a_data_error(round_copy):
    path = round_copy / "succeskriterier_indikatorer.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("I høj grad|I nogen grad", "I høj grad|Måske", 1),
                    encoding="utf-8")
    with pytest.raises(DataError, match="Måske"):
        indicators.succeskriterie_maalinger(round_copy)


def test_every_meta_key_in_the_round_chapters_is_defined():
    for round_name in ("midterm", "final"):
        from vvvanalysis.report_values import inline_values

        values = inline_values(round_name)
        for path in sorted((ROOT / "report" / round_name).glob("*.qmd")):
            used = set(re.findall(r"\{\{< meta v\.(\w+) >\}\}", path.read_text(encoding="utf-8")))
            assert used <= set(values), (path.name, used - set(values))


def test_uncertainty_note_numbers():
    values = keyfigures.values("midterm")
    assert values["us_fig9_interval"] == uncertainty.interval_prose(10, 35)
    assert values["us_fig1_interval"] == uncertainty.interval_prose(22, 42)


def test_progress_figure_marks_criteria_without_status():
    fig = out.figur_maalopfyldelse(setup("midterm"))
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert sum("Ikke opgjort" in t for t in texts) == 4
    assert any("83 af 90" in t for t in texts)


def test_schema_declares_the_indicator_file():
    frame = load_table(MIDTERM, "succeskriterier_indikatorer")
    assert set(frame["criterion_id"]) <= set(CRITERIA)
    assert Path(MIDTERM / "succeskriterier_indikatorer.csv").exists()
