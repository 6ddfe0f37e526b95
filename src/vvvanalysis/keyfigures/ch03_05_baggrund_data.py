"""Kapitel 3–5: baggrund, projektet og datagrundlaget (keys 'bg_…')."""

from vvvanalysis import danish, indicators
from vvvanalysis.data import load_table, load_yaml


def values(round_name) -> dict[str, str]:
    facts = indicators.noegletal(round_name)
    counts = indicators.datagrundlag(round_name)
    basis = load_table(round_name, "datagrundlag").set_index("key")
    survey = basis.loc["kommunesurvey_besvarelser"]
    start, vvv2_start, vvv2_end = (int(facts[k]) for k in ("projekt_start_aar", "vvv2_start_aar", "vvv2_slut_aar"))
    n = {key: danish.number(counts[key]) for key in (
        "interview_matchpar", "interview_matchpar_frivillige", "interview_matchpar_flygtninge", "interview_med_tolk",
        "interview_kommunale", "interview_boligsociale", "interview_kursusdeltagere", "interview_matchpar_kapitel7",
        "kommunesurvey_udsendt", "kommunesurvey_besvarelser", "kursusevaluering_besvarelser",
        "kursusevaluering_kurser", "kursusevaluering_workshop_besvarelser") if key in counts}
    return {
        "bg_start_aar": str(start),
        "bg_vvv1_slut_aar": str(vvv2_start - 1),
        "bg_vvv2_start_aar": str(vvv2_start),
        "bg_vvv2_slut_aar": str(vvv2_end),
        "bg_vvv2_antal_aar": danish.number(vvv2_end - vvv2_start + 1),
        **{f"bg_{key}": value for key, value in n.items()},
        "bg_kommunesurvey_periode": danish.period(survey["period_start"], survey["period_end"]),
        "bg_interview_kommunale_periode": _months(basis.loc["interview_kommunale"]),
        "bg_organisation_niveauer": danish.number(len(load_yaml(round_name, "organisation")["levels"])),
        "bg_kommunesurvey_svarprocent": danish.percent_text(counts["kommunesurvey_svarprocent"]),
    }


def _months(row) -> str:
    """The fieldwork months of one data source ('juni – august 2021'), 'ikke oplyst' without both dates."""
    import pandas as pd

    if pd.isna(row["period_start"]) or pd.isna(row["period_end"]):
        return "ikke oplyst"
    return danish.month_span(row["period_start"], row["period_end"])
