"""Kapitel 2 (Målopfyldelse og Fremskrivning af deltagertallet) and the uncertainty note in kapitel 5."""

from __future__ import annotations

import math

from vvvanalysis import danish, disclosure, indicators, uncertainty
from vvvanalysis.config import IMPLIED, REPORTED_MEAN, load_config

HALF_WIDTH = 0.05   # the methods note's example: the n needed for an interval of at most ±5 percentage points


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
        "mo_uden_indikator": danish.number(int((data["status"].isna() & ~data["has_indicator"]).sum())),
        "mo_naaet": danish.number(int(data["met"].fillna(False).astype(bool).sum())),
    }
    met = int(data["met"].fillna(False).astype(bool).sum())
    verb = "var" if indicators.period_ended(round_name) else "er"   # after the period: past tense
    out["mo_naaet_tekst"] = (f"ingen af dem {verb} nået" if met == 0 else f"ét af dem {verb} nået" if met == 1 else
                             f"{danish.number(met)} af dem {verb} nået")
    out["mo_med_vurdering"] = danish.count_word(int(data["assessment"].notna().sum()))
    out["mo_med_status_ord"] = danish.count_word(len(reported))
    threshold = disclosure.min_count(load_config(str(round_name)))
    hidden = disclosure.criterion_statuses(round_name)   # a small person count and what would give it back
    if indicators.period_ended(round_name):   # the final status of each criterion, the table's wording
        for _, row in data.iterrows():
            shown = hidden.get(row["criterion_id"], disclosure.SHOWN) == disclosure.SHOWN
            out[f"mo_{row['criterion_id']}_slutstatus"] = indicators.end_status(row, shown)
    for r in data.itertuples():
        key = f"mo_{r.criterion_id}"
        out[f"{key}_maal"] = _pct(r.target) if r.is_share else danish.number(r.target)
        if r.status is not None and r.status == r.status:
            out[f"{key}_status"] = _pct(r.status) if r.is_share else danish.number(r.status)
            out[f"{key}_andel"] = _pct(r.reached)
            if hidden.get(r.criterion_id, disclosure.SHOWN) != disclosure.SHOWN:
                text = disclosure.hidden_text(hidden[r.criterion_id], threshold, prose=True)
                out[f"{key}_status"] = text
                out[f"{key}_andel"] = disclosure.WITHHELD_TEXT
        if r.assessment is not None and r.assessment == r.assessment:
            out[f"{key}_vurdering"] = r.assessment
            out[f"{key}_vurdering_afsnit"] = str(r.assessment_section)
    measures = disclosure.measure_statuses(round_name)
    for m in indicators.succeskriterie_maalinger(round_name).itertuples():
        key = f"mo_{m.measure_id}"
        out[f"{key}_andel"] = _pct(m.share)
        out[f"{key}_antal"] = danish.number(m.count)
        out[f"{key}_n"] = danish.number(m.n)
        if m.low is not None and m.low == m.low:
            out[f"{key}_interval"] = uncertainty.interval_prose(m.count, m.n)
        if measures[m.measure_id] != disclosure.SHOWN:   # neither count, share nor interval gives it back
            text = disclosure.hidden_text(measures[m.measure_id], threshold, prose=True)
            out[f"{key}_andel"] = out[f"{key}_antal"] = text
            if f"{key}_interval" in out:
                out[f"{key}_interval"] = disclosure.WITHHELD_TEXT
    return out


_MEASURE_TEXT = {"deltagere_i_aaret": "deltagere i løbet af året (statusundersøgelsen)",
                 "aktive_ved_aarets_udgang": "aktive deltagere ved årets udgang"}


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " og " + parts[-1]


def _fremskrivning(round_name) -> dict[str, str]:
    config = load_config(round_name)
    if config.outlook is None:   # a round without an outlook (e.g. after the project ended)
        return {}
    result = indicators.fremskrivning(round_name, config)
    n = danish.number
    years = sorted(result["reported_new"])
    out = {
        "fs_start_aar": str(result["start_year"]),
        "fs_start": n(result["start"]),
        "fs_slut_aar": str(result["end_year"]),
        "fs_aar": n(result["end_year"] - result["start_year"]),
        "fs_maal": n(result["target"]),
        "fs_antal_scenarier": n(len(result["projections"])),
        "fs_nye_foerste_aar": str(years[0]) if years else "",
        "fs_nye_sidste_aar": str(years[-1]) if years else "",
        "fs_nye_gns": n(result["reported_mean"]) if result["reported_mean"] is not None else "ikke opgjort",
    }
    calib = result["calibration"]
    if calib:
        out.update({
            "fs_kalib_fra_aar": str(calib["from_year"]), "fs_kalib_fra": n(calib["from_stock"]),
            "fs_kalib_til_aar": str(calib["to_year"]), "fs_kalib_til": n(calib["to_stock"]),
            "fs_ophoer": _pct(calib["rate"]), "fs_ophoer_decimal": _pct(calib["rate"], 1),
            "fs_noedvendige_ved_ophoer": n(result["needed_at_implied_rate"]),
            "fs_noedvendige_faktor": n(result["needed_at_implied_rate"] / result["reported_mean"], 1),
        })
        if result["steady_state"] is not None:
            out["fs_ligevaegt"] = n(result["steady_state"])
        for year, value in calib["fitted"].items():
            out[f"fs_kalib_{year}"] = n(value)
    rate = result["max_rate_at_reported_pace"]
    out["fs_max_ophoer"] = _pct(rate) if rate is not None else "ingen"
    parts = []
    for scenario, p in zip(config.outlook.scenarios, result["projections"]):
        key = f"fs_{p.id}"
        out[f"{key}_nye"] = n(p.new_per_year)
        out[f"{key}_ophoer"] = _pct(p.ending_rate)
        out[f"{key}_slut"] = n(p.end)
        out[f"{key}_noedvendige"] = n(p.needed_new_per_year)
        new = f"{n(p.new_per_year)} nye matches om året"
        if scenario.new_matches_per_year == REPORTED_MEAN:
            new += " (gennemsnittet af de rapporterede år)"
        ending = f"{_pct(p.ending_rate)} ophør om året"
        if scenario.ending_rate == IMPLIED:
            ending += " (det beregnede ophør)"
        parts.append(f"»{p.label}« med {new} og {ending}")
    out["fs_scenarier_tekst"] = "; ".join(parts)
    out["fs_max_ophoer_decimal"] = _pct(rate, 1) if rate is not None else "ingen"
    out["fs_resultater_tekst"] = _and(
        [f"{n(p.end)} i scenariet »{p.label}«" for p in result["projections"]])
    out["fs_ophoersatser_tekst"] = _and([danish.number(danish.share_to_percent(p.ending_rate))
                                         for p in result["projections"]]) + "\u00a0pct."
    out["fs_start_maaling"] = _MEASURE_TEXT.get(result["start_measure"], result["start_measure"])
    out["fs_sammenlignelige"] = danish.count_word(len(result["comparable_stocks"]), neuter=True)
    first = result["projections"][0]      # the first scenario in round.yml is the base case the text discusses
    out.update({"fs_basis_navn": first.label, "fs_basis_nye": n(first.new_per_year),
                "fs_basis_ophoer": _pct(first.ending_rate), "fs_basis_slut": n(first.end),
                "fs_basis_mangler": n(max(result["target"] - first.end, 0))})
    return out


def _usikkerhed(round_name) -> dict[str, str]:
    out = {"us_graense_n": danish.number(uncertainty.SMALL_N), "us_niveau": _pct(uncertainty.LEVEL)}
    examples = {"us_fig9": (indicators.fig9(round_name), "I høj grad"),
                "us_fig1": (indicators.fig1(round_name), "Ja")}
    tables = {"us_fig9": "kursusevaluering_svar", "us_fig1": "kommunesurvey_henvisning"}
    for key, (frame, answer) in examples.items():
        row = frame[frame["label"] == answer].iloc[0]
        count, n = int(row["count"]), int(row["n"])
        low, high = uncertainty.wilson(count, n)
        out.update({f"{key}_antal": danish.number(count), f"{key}_n": danish.number(n),
                    f"{key}_andel": _pct(count / n), f"{key}_interval": uncertainty.interval_prose(count, n),
                    f"{key}_bredde": danish.number(danish.share_to_percent(high) - danish.share_to_percent(low))})
        rule = disclosure.for_round(round_name, tables[key])
        status = dict(zip(frame["label"], rule.statuses(frame)))[answer]
        if status != disclosure.SHOWN:   # the example's count is small (or protects one): say so, show nothing
            out.update({f"{key}_antal": rule.cell_text(count, status, ""),
                        f"{key}_andel": rule.cell_text(count, status, ""),
                        f"{key}_interval": disclosure.WITHHELD_TEXT, f"{key}_bredde": disclosure.WITHHELD_TEXT})
    out["us_fig9_et_svar"] = danish.number(100 / int(indicators.fig9(round_name)["n"].iloc[0]))
    # Sample size for a ±5 percentage point interval around 50 % (normal approximation, z for the level).
    z = _z(uncertainty.LEVEL)
    out["us_halvbredde"] = danish.number(HALF_WIDTH * 100)
    out["us_n_5_point"] = danish.number(math.ceil(z ** 2 * 0.25 / HALF_WIDTH ** 2))
    return out


def _z(level: float) -> float:
    from statistics import NormalDist

    return NormalDist().inv_cdf(1 - (1 - level) / 2)


def values(round_name) -> dict[str, str]:
    return {**_maalopfyldelse(round_name), **_fremskrivning(round_name), **_usikkerhed(round_name)}
