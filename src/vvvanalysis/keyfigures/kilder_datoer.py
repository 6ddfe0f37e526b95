"""Dates and years of the sources that footnotes name ('statusnotat fra november 2020', 'fra 2017 til 2018'),
from the round's source register kilder.csv, so a footnote never types a source's date."""

import pandas as pd

from vvvanalysis import danish
from vvvanalysis.data import load_table

# kilder.csv key -> prefix of the inline values it supplies, and whether the text names the source's month
# (the years of a period and the next edition are given whenever the register has them)
SOURCES = {"statusnotat_boligomraader": ("kilde_statusnotat", True), "lg_insight_2019": ("kilde_lg", False),
           "status_rk": ("kilde_status_rk", False), "podio": ("kilde_podio", True)}


def year(value) -> str:
    """A year as a reader writes it: '2021', never '2.021'."""
    return str(int(value))


def values(round_name) -> dict[str, str]:
    sources = load_table(round_name, "kilder").set_index("key")
    out: dict[str, str] = {}
    for key, (prefix, month) in SOURCES.items():
        if key not in sources.index:   # a round without the source has no footnote that names it
            continue
        row = sources.loc[key]
        if month:
            out[f"{prefix}_maaned"] = danish.month(row["date"])
        if not pd.isna(row["period_from"]):
            out[f"{prefix}_fra"], out[f"{prefix}_til"] = year(row["period_from"]), year(row["period_to"])
        if not pd.isna(row["next_edition"]):
            out[f"{prefix}_naeste"] = year(row["next_edition"])
    return out
