"""Kapitel 2: Målopfyldelse og Fremskrivning af deltagertallet."""

from __future__ import annotations

from vvvanalysis import danish, disclosure, indicators, uncertainty
from vvvanalysis.config import LOWER_BOUND, load_config
from vvvanalysis.data import load_table
from vvvanalysis.errors import ConfigError
from vvvanalysis.keyfigures import on_demand


def _pct(share: float, digits: int = 0) -> str:
    return danish.percent_text(share, digits)


def _maalopfyldelse(round_name) -> dict[str, str]:
    data = indicators.maalopfyldelse(round_name)
    reported = data[data["status"].notna()]
    out = {
        "mo_kriterier": danish.number(len(data)),
        "mo_med_status": danish.number(len(reported)),
        "mo_uden_status": danish.number(len(data) - len(reported)),
        "mo_kun_indikator": danish.number(int((data["status"].isna() & data["has_indicator"]).sum())),
    }
    met = int(data["met"].fillna(False).astype(bool).sum())
    verb = "var" if indicators.period_ended(round_name) else "er"   # after the period: past tense
    # a small count in running text is a word (house style): 'to af dem var nået'
    out["mo_naaet_tekst"] = f"{danish.count_word(met, neuter=True)} af dem {verb} nået"
    out["mo_med_status_ord"] = danish.count_word(len(reported))
    family = {}   # per criterion and per measure: only the members a chapter prints (on_demand)
    threshold = disclosure.min_count(load_config(str(round_name)))
    hidden = disclosure.criterion_statuses(round_name)   # a small person count and what would give it back
    if indicators.period_ended(round_name):   # the final status of each criterion, the table's wording
        for _, row in data.iterrows():
            shown = hidden.get(row["criterion_id"], disclosure.SHOWN) == disclosure.SHOWN
            family[f"mo_{row['criterion_id']}_slutstatus"] = indicators.end_status(row, shown)
    for r in data.itertuples():
        key = f"mo_{r.criterion_id}"
        # A criterion's target and status are printed with the chapters' own keys (one key per fact); only
        # what exists nowhere else is defined here: the share of the target reached and the assessment.
        if r.status is not None and r.status == r.status:
            family[f"{key}_andel"] = _pct(r.reached)
            if hidden.get(r.criterion_id, disclosure.SHOWN) != disclosure.SHOWN:
                family[f"{key}_andel"] = disclosure.WITHHELD_TEXT
        if r.n is not None and r.n == r.n:   # measured with the criterion's own question: no chapter key has it
            family[f"{key}_status"] = _pct(r.status)
            if r.low is not None and r.low == r.low:
                family[f"{key}_status_interval"] = uncertainty.interval_prose(int(r.count), int(r.n))
            if hidden.get(r.criterion_id, disclosure.SHOWN) != disclosure.SHOWN:
                family[f"{key}_status"] = disclosure.hidden_text(hidden[r.criterion_id], threshold, prose=True)
                if f"{key}_status_interval" in family:
                    family[f"{key}_status_interval"] = disclosure.WITHHELD_TEXT
        if r.assessment is not None and r.assessment == r.assessment:
            family[f"{key}_vurdering"] = r.assessment
    measures = disclosure.measure_statuses(round_name)
    answers = load_table(round_name, "succeskriterier_indikatorer").set_index("measure_id")["answers"]
    for m in indicators.succeskriterie_maalinger(round_name).itertuples():
        if "|" not in answers[m.measure_id]:   # one answer's share is the chapter's own key (friv_rk_…, fig1_…)
            continue
        key = f"mo_{m.measure_id}"
        # (the prose gives a figure's parts with the figure's keys, fig9_hoej_pct …; the combined share
        # is printed only in Tabel 2.2 beside its count, so the text never adds up differently from a figure)
        family[f"{key}_andel"] = _pct(m.share)
        family[f"{key}_antal"] = danish.number(m.count)
        if m.low is not None and m.low == m.low:
            family[f"{key}_interval"] = uncertainty.interval_prose(m.count, m.n)
        if measures[m.measure_id] != disclosure.SHOWN:   # neither count, share nor interval gives it back
            text = disclosure.hidden_text(measures[m.measure_id], threshold, prose=True)
            family[f"{key}_andel"] = family[f"{key}_antal"] = text
            if f"{key}_interval" in family:
                family[f"{key}_interval"] = disclosure.WITHHELD_TEXT
    return {**out, **on_demand(family)}


_MEASURE_TEXT = {"deltagere_i_aaret": "deltagere i løbet af året (statusundersøgelsen)",
                 "aktive_ved_aarets_udgang": "aktive deltagere ved årets udgang"}


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " og " + parts[-1]


def _fremskrivning(round_name) -> dict[str, str]:
    """The projection's own numbers; the participants, years and target it starts from are the chapters' keys
    (match_deltagere, match_deltagere_aar, deltagere_maal, bg_vvv2_slut_aar)."""
    config = load_config(round_name)
    if config.outlook is None:   # a round without an outlook (e.g. after the project ended)
        return {}
    result = indicators.fremskrivning(round_name, config)
    n = danish.number
    d = indicators.deltagere(round_name)
    if (result["start"], result["start_year"]) != (d["deltagere"], d["aar"]):
        raise ConfigError("the projection no longer starts from the latest participant number the chapters print",
                          file="deltagere_og_matches.csv", hint="the section's text names match_deltagere")
    out = {
        "fs_antal_scenarier": n(len(result["projections"])),
        "fs_nye_gns": n(result["reported_mean"]) if result["reported_mean"] is not None else "ikke opgjort",
    }
    bound = result["lower_bound"]
    if bound:
        if (bound["year"], bound["stock"], bound["new"]) != (d["aar"], d["deltagere"], d["matchede"].get(d["aar"])):
            raise ConfigError("the text gives the ending-rate bound with the latest year's numbers, but the fall is "
                              f"in {bound['year']}", file="noegletal.csv", column="key")
        out.update({"fs_graense": _pct(bound["rate"], 1), "fs_graense_foer_aar": str(bound["previous_year"])})
    rate = result["max_rate_at_reported_pace"]
    out["fs_max_ophoer_decimal"] = _pct(rate, 1) if rate is not None else "ingen"
    out["fs_resultater_tekst"] = _and(
        [f"{n(p.end)} i scenariet »{p.label}«" for p in result["projections"]])
    # the lower bound keeps its decimal wherever it is printed (text, table, figure legend)
    out["fs_ophoersatser_tekst"] = _and([danish.number(danish.share_to_percent(p.ending_rate, digits), digits)
                                         for scenario, p in zip(config.outlook.scenarios, result["projections"])
                                         for digits in [1 if scenario.ending_rate == LOWER_BOUND else 0]]
                                        ) + "\u00a0pct."
    first = result["projections"][0]      # the first scenario in round.yml is the base case the text discusses
    out["fs_basis_noedvendige"] = n(first.needed_new_per_year)
    return out


def values(round_name) -> dict[str, str]:
    return {**_maalopfyldelse(round_name), **_fremskrivning(round_name)}
