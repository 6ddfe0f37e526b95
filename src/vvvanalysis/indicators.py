"""The memo's tables, figure series and derived numbers, computed from round data.

Shares are floats in 0..1; formatting belongs to vvvanalysis.danish. Every derived number (totals, gaps,
cumulative counts) is computed here, never typed into the data.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from vvvanalysis.danish import share_to_percent
from vvvanalysis.data import load_table
from vvvanalysis.errors import DataError


def _shares(frame: pd.DataFrame, label: str, count: str = "count", n: str = "n") -> pd.DataFrame:
    out = frame[[label, count, n]].rename(columns={label: "label", count: "count", n: "n"})
    return out.assign(share=out["count"] / out["n"]).reset_index(drop=True)


def _one(frame: pd.DataFrame, table: str, **where) -> pd.Series:
    """The single row matching `where`; a missing row is a data problem, not a KeyError."""
    rows = frame
    for column, value in where.items():
        rows = rows[rows[column] == value]
    if len(rows) != 1:
        raise DataError(f"expected exactly one row with {where}, found {len(rows)}", file=f"{table}.csv",
                        expected=f"one row with {where}", hint="restore the row (see the memo reference)")
    return rows.iloc[0]


def sum_of_rounded_percents(shares) -> int:
    """What a 'Total' row shows when each share is rounded first (Tabel 7 prints 101 %)."""
    return int(sum(share_to_percent(s) for s in shares))


# --- Tables -----------------------------------------------------------------------------------------
def tabel6(round) -> pd.DataFrame:
    return _shares(load_table(round, "tabel6_reorganisering"), "change")


def tabel7(round) -> pd.DataFrame:
    return _shares(load_table(round, "tabel7_frivilligkapacitet"), "statement")


def tabel8(round) -> pd.DataFrame:
    return load_table(round, "tabel8_kurser")[["course", "date", "participants", "format", "kind"]]


def tabel11(round) -> pd.DataFrame:
    frame = load_table(round, "tabel11_udbytte")
    return frame[["benefit", "ja", "nej"]].rename(columns={"benefit": "label"}).assign(n=frame["ja"] + frame["nej"])


def kurser_summary(round) -> dict:
    t = tabel8(round)
    physical = t[t["format"] == "fysisk"]
    return {
        "kurser": int((t["kind"] == "kursus").sum()),
        "workshops": int((t["kind"] == "workshop").sum()),
        "deltagere": int(t["participants"].sum()),
        "fysiske_kurser": int((physical["kind"] == "kursus").sum()),
        "fysiske_workshops": int((physical["kind"] == "workshop").sum()),
        "webinarer": int((t["format"] == "webinar").sum()),
    }


# --- Kommunesurvey ----------------------------------------------------------------------------------
def fig1(round) -> pd.DataFrame:
    return _shares(load_table(round, "kommunesurvey_henvisning"), "answer")


def aarsager(round, basis: str) -> pd.DataFrame:
    """basis 'fig1_primaer_aarsag' (the 7 'Nej' in Fig. 1) or 'afsnit_6_2_2' (counts in 6.2.2)."""
    frame = load_table(round, "kommunesurvey_aarsager")
    return frame.loc[frame["basis"] == basis, ["reason", "count"]].reset_index(drop=True)


def samarbejdsaftale(round) -> pd.DataFrame:
    return _shares(load_table(round, "kommunesurvey_samarbejdsaftale"), "answer")


def fig2(round) -> pd.DataFrame:
    return _shares(load_table(round, "kommunesurvey_henvisningsrutiner"), "answer")


def fig3(round) -> pd.DataFrame:
    return load_table(round, "kommunesurvey_vurdering_samarbejde")[["topic", "organisation", "rating", "count"]]


def fig4(round) -> pd.DataFrame:
    return _shares(load_table(round, "kommunesurvey_andet_samarbejde"), "answer")


def forbedringsforslag(round) -> pd.DataFrame:
    return load_table(round, "kommunesurvey_forbedringsforslag")[["theme", "comments"]]


def nedgang_betydning(round) -> dict:
    row = _one(load_table(round, "kommunesurvey_nedgang_betydning"), "kommunesurvey_nedgang_betydning", answer="Ja")
    return {"count": int(row["count"]), "n": int(row["n"]), "share": row["count"] / row["n"]}


def datagrundlag(round) -> dict:
    frame = load_table(round, "datagrundlag").set_index("key")
    counts = {key: int(v) for key, v in frame["count"].items()}
    counts["interview_matchpar"] = counts["interview_matchpar_frivillige"] + counts["interview_matchpar_flygtninge"]
    counts["kommunesurvey_svarprocent"] = counts["kommunesurvey_besvarelser"] / counts["kommunesurvey_udsendt"]
    return counts


# --- Kursusevaluering -------------------------------------------------------------------------------
def kursusevaluering(round, question: str) -> pd.DataFrame:
    """Fig. 9: question 'viden'; Fig. 10: question 'redskaber'."""
    frame = load_table(round, "kursusevaluering_svar")
    return _shares(frame[frame["question"] == question], "answer")


def fig9(round) -> pd.DataFrame:
    return kursusevaluering(round, "viden")


def fig10(round) -> pd.DataFrame:
    return kursusevaluering(round, "redskaber")


def workshop(round) -> pd.DataFrame:
    frame = load_table(round, "kursusevaluering_workshop")
    return _shares(frame, "answer").assign(question=frame["question"].to_numpy())


# --- Programme status -------------------------------------------------------------------------------
def frivilligleder_status(round) -> pd.DataFrame:
    return _shares(load_table(round, "frivilligleder_status"), "item")


def lg_insight_2018(round) -> dict:
    frame = load_table(round, "lg_insight_2018")
    return dict(zip(frame["item"], frame["share"]))


def henvisningskilder(round) -> dict:
    frame = load_table(round, "henvisningskilder")
    return dict(zip(frame["referral_source"], frame["frivilliggrupper"].astype(int)))


def noegletal(round) -> dict:
    frame = load_table(round, "noegletal")
    return dict(zip(frame["key"], frame["value"]))


def _targets(round) -> dict:
    frame = load_table(round, "succeskriterier_status")
    return dict(zip(frame["criterion_id"], frame["target"]))


def deltagere(round) -> dict:
    """Participants and matches. Years come from the data: the baseline is the earliest year with an
    'aktive_ved_aarets_udgang' row, the status year the latest year with a 'deltagere_i_aaret' row."""
    frame = load_table(round, "deltagere_og_matches")
    count = lambda measure, year: int(_one(frame, "deltagere_og_matches", measure=measure, year=year)["count"])
    base_year, year = _year(frame, "aktive_ved_aarets_udgang", min), _year(frame, "deltagere_i_aaret", max)
    active_base = count("aktive_ved_aarets_udgang", base_year)
    matched = {int(y): int(c) for y, c in frame.loc[frame["measure"] == "matchede_i_aaret", ["year", "count"]].values}
    latest = count("deltagere_i_aaret", year)
    target = int(_targets(round)["deltagere"])
    cumulative = active_base + sum(c for y, c in matched.items() if base_year < y <= year)
    return {
        "basisaar": base_year,
        "aar": year,
        "aktive_basis": active_base,
        "matchede": dict(sorted(matched.items())),
        "deltagere": latest,
        "deltagere_pr_aar": {int(y): int(c) for y, c in
                             frame.loc[frame["measure"] == "deltagere_i_aaret", ["year", "count"]].values},
        "kumuleret": cumulative,
        "mangler_til_maal": target - latest,
        "maal": target,
        # Midterm-era names (their years are the midterm's); kept until the chapters use the names above.
        "aktive_2018": active_base,
        "deltagere_2020": latest,
        "kumuleret_2020": cumulative,
    }


def _year(frame: pd.DataFrame, measure: str, pick) -> int:
    years = frame.loc[frame["measure"] == measure, "year"]
    if years.empty:
        raise DataError(f"no row with measure '{measure}'", file="deltagere_og_matches.csv", column="measure",
                        expected=f"at least one row with measure {measure}", hint="add the year's row")
    return int(pick(years))


def kommune_tilstedevaerelse(round) -> dict:
    frame = load_table(round, "kommune_tilstedevaerelse")
    latest = frame["date"].max()
    now = {m: int(_one(frame, "kommune_tilstedevaerelse", date=latest, measure=m)["count"])
           for m in ("til_stede", "kommuner_i_alt", "planlagt_opstart")}
    earlier = frame[(frame["date"] < latest) & (frame["measure"] == "til_stede")]
    before = _one(earlier, "kommune_tilstedevaerelse", date=earlier["date"].max())
    present, total, planned = now["til_stede"], now["kommuner_i_alt"], now["planlagt_opstart"]
    target = int(_targets(round)["kommuner"])
    return {
        "date": latest.date(),
        "til_stede": present,
        "kommuner_i_alt": total,
        "ikke_til_stede": total - present,
        "planlagt_opstart": planned,
        "uden_planer": total - present - planned,
        "forrige_date": before["date"].date(),
        "aendring": present - int(before["count"]),
        "maal": target,
        "mangler_efter_planlagte": target - present - planned,
    }


def boligomraader(round) -> dict:
    frame = load_table(round, "boligsociale_samarbejder")
    established = frame[frame["status"] == "etableret"]
    target = int(_targets(round)["boligomraader"])
    return {
        "etableret": len(established),
        "etablerede_kommuner": list(established["kommune"]),
        "planlagt": int((frame["status"] == "planlagt").sum()),
        "planlagte_kommuner": list(frame.loc[frame["status"] == "planlagt", "kommune"]),
        "maal": target,
        "mangler": target - len(established),
        "date": frame["date"].max().date(),
    }


def succeskriterier(round) -> pd.DataFrame:
    """Target and status per criterion; the status is computed from the table the CSV points to."""
    frame = load_table(round, "succeskriterier_status")
    presence, participants = kommune_tilstedevaerelse(round), deltagere(round)
    courses, housing = kurser_summary(round), boligomraader(round)
    last_course = tabel8(round)["date"].max().date()
    status = {
        "kommune_tilstedevaerelse": (presence["til_stede"], presence["date"], "podio"),
        "deltagere_og_matches": (participants["deltagere"], dt.date(participants["aar"], 12, 31), "status"),
        "tabel8_kurser": (courses["kurser"] + courses["workshops"], last_course, "kursusoversigt"),
        "boligsociale_samarbejder": (housing["etableret"], housing["date"], "podio"),
    }
    rows = []
    for _, c in frame.iterrows():
        value, date, source = status.get(c["status_from"], (None, None, None))
        rows.append({"criterion_id": c["criterion_id"], "target": c["target"], "unit": c["unit"],
                     "comparator": c["comparator"], "status": value, "status_date": date, "source": source,
                     "memo_ref": c["memo_ref"]})
    return pd.DataFrame(rows)
