"""The participant outlook: model arithmetic by hand, the calibration, and round.yml's outlook block."""

from __future__ import annotations

import pytest
import yaml
from conftest import MIDTERM

from vvvanalysis import indicators, outlook
from vvvanalysis.config import IMPLIED, REPORTED_MEAN, load_config
from vvvanalysis.errors import ConfigError, DataError


# --- model arithmetic on a tiny case --------------------------------------------------------------------
def test_project_by_hand():
    # 100 -> 100 + 20 - 0.1*100 = 110 -> 110 + 20 - 11 = 119
    assert outlook.project(100, 2, 20, 0.1) == pytest.approx([100, 110, 119])


def test_path_with_yearly_new_matches():
    # 100 -> 100 + 10 - 50 = 60 -> 60 + 30 - 30 = 60
    assert outlook.path(100, [10, 30], 0.5) == pytest.approx([100, 60, 60])


def test_no_endings_adds_up_new_matches():
    assert outlook.project(6000, 3, 500, 0.0)[-1] == 7500


def test_implied_rate_recovers_the_rate_that_made_the_path():
    stocks = outlook.path(1000, [100, 120], 0.25)   # 1000 -> 850 -> 757.5
    assert stocks == pytest.approx([1000, 850, 757.5])
    assert outlook.implied_ending_rate(1000, 757.5, [100, 120]) == pytest.approx(0.25)


def test_implied_rate_is_none_when_the_stock_grew_more_than_new_matches():
    assert outlook.implied_ending_rate(100, 200, [50]) is None


def test_needed_new_per_year_by_hand():
    # 100 * 0.5**2 + n * (1 + 0.5) = 175  ->  n = 100
    assert outlook.needed_new_per_year(100, 2, 0.5, 175) == pytest.approx(100)
    assert outlook.project(100, 2, 100, 0.5)[-1] == pytest.approx(175)
    assert outlook.needed_new_per_year(500, 1, 0.0, 400) == 0.0


def test_max_ending_rate():
    rate = outlook.max_ending_rate(100, 2, 100, 175)
    assert rate == pytest.approx(0.5)
    assert outlook.max_ending_rate(100, 1, 10, 200) is None
    assert outlook.max_ending_rate(100, 1, 300, 200) == 1.0


def test_steady_state():
    assert outlook.steady_state(100, 0.25) == 400
    assert outlook.steady_state(100, 0.0) is None


def test_rate_outside_0_1_is_refused():
    with pytest.raises(ValueError):
        outlook.project(100, 1, 10, 1.5)


# --- the calibration on the midterm numbers ------------------------------------------------------------
def test_midterm_has_no_calibration_because_its_two_counts_are_not_comparable():
    # 7.173 (2018, LG Insight: aktive ved årets udgang) and 6.063 (2020, status: deltagere i året) are counted
    # differently (datanoter: deltagere_6063_definition); an ending rate from both would mix them.
    assert indicators.comparable_stocks(MIDTERM) == {2020: indicators.deltagere(MIDTERM)["deltagere"]}
    assert indicators.calibration(MIDTERM) is None
    assert all(s.ending_rate != IMPLIED for s in load_config(MIDTERM).outlook.scenarios)


def test_calibration_with_two_comparable_counts_reproduces_them(round_copy):
    csv = round_copy / "deltagere_og_matches.csv"
    csv.write_text(csv.read_text(encoding="utf-8") + "2019,deltagere_i_aaret,6500,status,test,\n", encoding="utf-8")
    calib = indicators.calibration(round_copy)
    assert (calib["from_year"], calib["to_year"]) == (2019, 2020)
    assert (calib["from_stock"], calib["to_stock"]) == (6500, 6063)
    # one year: 6500 q + 966 = 6063 with q = 1 - rate
    assert 6500 * (1 - calib["rate"]) + 966 == pytest.approx(6063)


def test_the_figure_plots_only_counted_values_and_scenarios_from_the_start_year():
    from vvvanalysis.notebook import setup
    from vvvanalysis.outputs import maalopfyldelse

    result = indicators.fremskrivning(MIDTERM)
    fig = maalopfyldelse.figur_fremskrivning(setup("midterm", str(MIDTERM)))
    ax = fig.axes[0]
    points = [tuple(map(tuple, c.get_offsets())) for c in ax.collections]
    assert points == [((result["start_year"], result["start"]),)]     # 2018's 7.173 is not drawn
    for line in ax.get_lines():
        xs = [x for x in line.get_xdata()]
        if len(xs) > 1 and len(set(line.get_ydata())) > 1:             # scenario lines (not the target line)
            assert min(xs) == result["start_year"]


def test_outlook_scenarios_resolve_keywords_from_data():
    result = indicators.fremskrivning(MIDTERM)
    scenarios = load_config(MIDTERM).outlook.scenarios
    for s, p in zip(scenarios, result["projections"]):
        if s.new_matches_per_year == REPORTED_MEAN:
            assert p.new_per_year == pytest.approx(sum(indicators.deltagere(MIDTERM)["matchede"].values()) / 2)
        if s.ending_rate == IMPLIED:
            assert p.ending_rate == pytest.approx(result["calibration"]["rate"])
        assert p.years[0] == result["start_year"] and p.years[-1] == result["end_year"]
        # reaching the target with the needed new matches
        check = outlook.project(result["start"], len(p.years) - 1, p.needed_new_per_year, p.ending_rate)
        assert check[-1] == pytest.approx(result["target"]) or p.needed_new_per_year == 0


def _set_outlook(round_copy, outlook_block):
    path = round_copy / "round.yml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    raw["outlook"] = outlook_block
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")


def test_changing_an_assumption_changes_the_projection(round_copy):
    before = indicators.fremskrivning(round_copy)
    block = yaml.safe_load((round_copy / "round.yml").read_text(encoding="utf-8"))["outlook"]
    block["scenarios"][0]["ending_rate"] = 0.3
    block["scenarios"][0]["new_matches_per_year"] = 1200
    _set_outlook(round_copy, block)
    after = indicators.fremskrivning(round_copy)
    assert after["projections"][0].stocks != before["projections"][0].stocks
    assert after["projections"][0].end == pytest.approx(outlook.project(before["start"], 2, 1200, 0.3)[-1])


# --- the least ending rate the data allow (2.3.1) -------------------------------------------------------
def test_ending_rate_by_hand():
    # 1.000 at the start, 100 new, 900 at the end: 200 of the 1.000 ended
    assert outlook.ending_rate(1000, 100, 900) == pytest.approx(0.2)
    # a fall to 900 with 100 new: the previous year held more than 900, so more than 100/900 ended
    assert outlook.ending_rate_lower_bound_after_fall(100, 900) == pytest.approx(100 / 900)
    for previous in (901, 950, 1200, 5000):
        assert outlook.ending_rate(previous, 100, 900) > outlook.ending_rate_lower_bound_after_fall(100, 900)


def test_midterm_lower_bound_from_the_reported_fall():
    """6.063 participants in 2020, a fall from 2019, although 966 were newly matched: at least 966 / 6.063
    of the relationships ended in 2020 (the memo, 2.2 and 6.2.1)."""
    bound = indicators.ophoer_nedre_graense(MIDTERM)
    assert (bound["year"], bound["stock"], bound["new"]) == (2020, 6063, 966)
    assert bound["rate"] == pytest.approx(966 / 6063) and round(bound["rate"] * 100, 1) == 15.9


def test_midterm_scenarios_are_all_at_or_above_the_bound_and_none_reaches_the_target():
    result = indicators.fremskrivning(MIDTERM)
    bound = result["lower_bound"]["rate"]
    assert result["projections"], "the section shows at least one scenario"
    for p in result["projections"]:
        assert p.ending_rate >= bound - 1e-12
        assert p.end < result["target"], f"{p.label} reaches the target the data rule out"
    # the target needs fewer endings than the data allow: the evaluator's 'vanskeligt'
    assert result["max_rate_at_reported_pace"] < bound


def test_a_scenario_below_the_bound_is_refused(round_copy):
    block = yaml.safe_load((round_copy / "round.yml").read_text(encoding="utf-8"))["outlook"]
    block["scenarios"].append({"id": "lavt", "label": "Lavt ophør", "new_matches_per_year": "reported_mean",
                               "ending_rate": 0.05})
    _set_outlook(round_copy, block)
    with pytest.raises(ConfigError, match="at least 15.9% ended in 2020"):
        indicators.fremskrivning(round_copy)


def test_the_section_states_the_formula_the_years_and_vanskeligt():
    from vvvanalysis.paths import project_root

    text = (project_root() / "report" / "midterm" / "02-fund-og-anbefalinger.qmd").read_text(encoding="utf-8")
    section = text[text.index("{#sec-fremskrivning}"):]
    assert "(deltagere året før + nye matches i året − deltagere i året) / deltagere året før" in section
    assert "v.fs_graense" in section and "v.match_deltagere_aar" in section and "vanskeligt" in section


def test_changing_an_assumption_changes_the_figure(round_copy):
    from vvvanalysis.notebook import setup
    from vvvanalysis.outputs import maalopfyldelse

    def lines(folder):
        fig = maalopfyldelse.figur_fremskrivning(setup("midterm", str(folder)))
        return [list(line.get_ydata()) for line in fig.axes[0].get_lines()]

    before = lines(round_copy)
    block = yaml.safe_load((round_copy / "round.yml").read_text(encoding="utf-8"))["outlook"]
    block["scenarios"][1]["ending_rate"] = 0.3
    _set_outlook(round_copy, block)
    assert lines(round_copy) != before


# --- config validation --------------------------------------------------------------------------------
GOOD = {"id": "a", "label": "A", "new_matches_per_year": 100, "ending_rate": 0.2}


@pytest.mark.parametrize("block, message", [
    ("tekst", "'outlook' must be a mapping"),
    ({"scenarier": []}, "unknown key 'outlook.scenarier'"),
    ({"scenarios": []}, "non-empty list"),
    ({"scenarios": [{**GOOD, "ending_rate": 1.5}]}, "ending_rate is 1.5"),
    ({"scenarios": [{**GOOD, "ending_rate": "22 %"}]}, "expected a yearly share between 0 and 1"),
    ({"scenarios": [{**GOOD, "new_matches_per_year": -5}]}, "new_matches_per_year is -5"),
    ({"scenarios": [{**GOOD, "new_matches_per_year": "mange"}]}, "reported_mean"),
    ({"scenarios": [{k: v for k, v in GOOD.items() if k != "label"}]}, "key 'label' is missing"),
    ({"scenarios": [{**GOOD, "farve": "rød"}]}, "unknown key 'farve'"),
    ({"scenarios": [GOOD, GOOD]}, "scenario id 'a' is used twice"),
    ({"scenarios": [{**GOOD, "ending_rate": True}]}, "ending_rate is True"),
])
def test_bad_outlook_config_gives_a_clear_error(round_copy, block, message):
    _set_outlook(round_copy, block)
    with pytest.raises(ConfigError, match="round.yml") as info:
        load_config(round_copy)
    assert message in str(info.value)


def test_missing_outlook_is_an_error_only_for_the_projection(round_copy):
    path = round_copy / "round.yml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    del raw["outlook"]
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    assert load_config(round_copy).outlook is None
    with pytest.raises(ConfigError, match="no 'outlook:'"):
        indicators.fremskrivning(round_copy)


def test_implied_rate_without_data_to_imply_it(round_copy):
    _set_outlook(round_copy, {"scenarios": [{**GOOD, "ending_rate": "implied"}]})
    csv = round_copy / "deltagere_og_matches.csv"
    lines = [line for line in csv.read_text(encoding="utf-8").splitlines() if not line.startswith("2018,")]
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert indicators.calibration(round_copy) is None
    with pytest.raises(DataError, match="asks for the implied ending rate") as err:
        indicators.fremskrivning(round_copy)
    assert "deltagere_og_matches.csv" in err.value.render() and "round.yml" in err.value.render()
