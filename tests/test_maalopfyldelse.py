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
    assert main.count("ikke opgjort") == 4 and "6.063" in main
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
    from vvvanalysis.keyfigures import usikkerhed

    values = usikkerhed.values("midterm")
    assert values["us_fig9_interval"] == uncertainty.interval_prose(10, 35)
    assert values["us_fig1_interval"] == uncertainty.interval_prose(22, 42)


def test_progress_figure_shows_only_criteria_with_a_status():
    fig = out.figur_maalopfyldelse(setup("midterm"))
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert not any("Ikke opgjort" in t for t in texts)   # named in the table and the caption instead
    assert any("83 af 90" in t for t in texts)


def test_schema_declares_the_indicator_file():
    frame = load_table(MIDTERM, "succeskriterier_indikatorer")
    assert set(frame["criterion_id"]) <= set(CRITERIA)
    assert Path(MIDTERM / "succeskriterier_indikatorer.csv").exists()


# --- the evaluation's own assessment, stored as data, is what the goal table shows ----------------------
MECHANICAL = [text for _, text in indicators.VERDICT_THRESHOLDS] + [indicators.ONLY_INDICATOR]


def test_goal_table_shows_the_evaluations_assessment_and_no_mechanical_label():
    main = plain(out.tabel_maalopfyldelse(setup("midterm")).data)
    assert "vanskeligt at indfri succeskriteriet (afsnit 6.2)" in main      # participants: memo 6.2
    assert "godt på vej til at indfri succeskriteriet (afsnit 2.2)" in main  # municipalities: memo 2.2
    for label in MECHANICAL:
        assert label not in main, label


def test_goal_figure_draws_no_bar_for_criteria_without_status():
    fig = out.figur_maalopfyldelse(setup("midterm"))
    bars = [p for p in fig.axes[0].patches if p.get_width() > 0]
    data = indicators.maalopfyldelse(MIDTERM)
    assert len(bars) == int(data["reached"].notna().sum())
    assert not any(p.get_hatch() for p in fig.axes[0].patches)
    texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    for label in MECHANICAL:
        assert label not in texts


def test_a_changed_assessment_reaches_the_table(round_copy):
    path = round_copy / "succeskriterier_status.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("vanskeligt at indfri succeskriteriet",
                                                             "muligt at indfri"), encoding="utf-8")
    assert "muligt at indfri (afsnit 6.2)" in plain(out.tabel_maalopfyldelse(setup("midterm", str(round_copy))).data)


def test_an_assessment_without_its_section_is_a_data_error(round_copy):
    from vvvanalysis.data.loader import validate_round

    path = round_copy / "succeskriterier_status.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("vanskeligt at indfri succeskriteriet,6.2,",
                                                             "vanskeligt at indfri succeskriteriet,,"),
                    encoding="utf-8")
    with pytest.raises(DataError, match="without its section") as err:
        validate_round(round_copy)
    assert "assessment_section" in err.value.render()


# --- the end of the period: each criterion nået / ikke nået, computed (the final round) -------------------------
def _row(status, target, comparator=">=", is_share=False):
    reached = None if status is None else indicators.share_of_target(status, target, comparator)
    return {"status": status, "target": target, "comparator": comparator, "is_share": is_share,
            "met": None if reached is None else reached >= 1.0}


@pytest.mark.parametrize("row, expected", [
    (_row(6874, 7000), "ikke nået (126 mangler)"),
    (_row(7012, 7000), "nået"),
    (_row(88, 90), "ikke nået (2 mangler)"),
    (_row(0.72, 0.75, is_share=True), "ikke nået (3 pct.-point mangler)"),
    (_row(0.7496, 0.75, is_share=True), "ikke nået (under 1 pct.-point mangler)"),   # prints as 75 %
    (_row(0.18, 0.15, "<", is_share=True), "ikke nået (4 pct.-point for meget)"),   # 14 % is under 15 %
    (_row(0.10, 0.15, "<", is_share=True), "nået"),
    (_row(None, 0.75, is_share=True), "ikke opgjort"),
])
def test_end_status_says_met_or_the_shortfall_in_the_printed_unit(row, expected):
    assert indicators.end_status(row) == expected


def test_a_hidden_count_gets_no_shortfall():
    assert indicators.end_status(_row(6874, 7000), shown=False) == "ikke nået"


def test_only_a_round_dated_after_its_period_gets_end_statuses():
    assert indicators.period_ended("final") and not indicators.period_ended("midterm")
    assert not any(k.endswith("_slutstatus") for k in keyfigures.values("midterm"))
    assert "Evalueringens vurdering" in plain(out.tabel_maalopfyldelse(setup("midterm")).data)


def test_final_table_and_text_share_one_status_from_the_printed_numbers():
    values = keyfigures.values("final")
    table = plain(out.tabel_maalopfyldelse(setup("final")).data)
    assert "Status ved projektets afslutning" in table and "Evalueringens vurdering" not in table
    from vvvanalysis.keyfigures import keyfigures as all_keys

    printed = all_keys("final")   # each criterion's count and target under the chapters' own keys (one per fact)
    chapter_keys = {"kommuner": ("tilst_til_stede", "tilst_maal"), "deltagere": ("match_deltagere", "deltagere_maal"),
                    "kurser": ("kursus_i_alt", "kursus_maal_antal"), "boligomraader": ("bolig_etableret", "bolig_maal")}
    for cid, keys in chapter_keys.items():
        status, target = (int(printed[k].replace(".", "")) for k in keys)
        expected = f"ikke nået ({danish.number(target - status)} mangler)" if status < target else "nået"
        assert values[f"mo_{cid}_slutstatus"] == expected
        assert expected in table
    assert values["mo_deltagere_slutstatus"] == "ikke nået (126 mangler)"
    assert "målet er nået" not in table   # the contradiction of the review: 26 of 30 is not met


def test_a_count_moved_across_the_target_changes_the_table_and_the_text_together(tmp_path, monkeypatch):
    import shutil

    monkeypatch.setenv("VVV_ROOT", str(tmp_path))
    for name in ("midterm", "final"):
        shutil.copytree(ROOT / "data" / name, tmp_path / "data" / name)
    folder = tmp_path / "data" / "final"
    path = folder / "kommune_tilstedevaerelse.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("2022-11-01,til_stede,88,", "2022-11-01,til_stede,90,"),
                    encoding="utf-8")
    values = keyfigures.values(folder)
    table = plain(out.tabel_maalopfyldelse(setup("final", str(folder))).data)
    row = next(line for line in table.splitlines() if "Tilstedeværelse i kommuner" in line)
    assert values["mo_kommuner_slutstatus"] == "nået" and row.rstrip(" |").endswith("nået")
    assert "ikke nået" not in row
    # the other criteria did not move
    assert values["mo_deltagere_slutstatus"] == "ikke nået (126 mangler)"


def test_every_final_verdict_in_the_chapters_is_the_computed_one():
    """Text, boxes and summary take the status from the one key; no verdict word is typed by hand next to a
    criterion (the contradictions of the review: 'målet er nået', 'mangler … 0', 'vanskeligt at indfri')."""
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "report" / "final").glob("*.qmd")))
    for cid in ("kommuner", "deltagere", "kurser", "boligomraader"):
        assert text.count(f"v.mo_{cid}_slutstatus") >= 3, cid   # chapter 2 (twice) and chapter 6 (text and box)
    for stale in ("tilst_mangler", "deltagere_mangler", "bolig_mangler", "vanskeligt at indfri", "målet er nået"):
        assert stale not in text, stale
