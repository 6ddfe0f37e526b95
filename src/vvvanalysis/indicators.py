"""The memo's tables, figure series and derived numbers, computed from round data.

Shares are floats in 0..1; formatting belongs to vvvanalysis.danish. Every derived number (totals, gaps,
cumulative counts) is computed here, never typed into the data.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from vvvanalysis.danish import share_to_percent
from vvvanalysis.data import load_table, load_yaml
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


def row_containing(frame: pd.DataFrame, word: str, table: str) -> pd.Series:
    """The one row of a share table whose label contains `word` (prose that quotes one answer names it)."""
    rows = frame[frame["label"].str.contains(word, regex=False)]
    if len(rows) != 1:
        raise DataError(f"expected exactly one row whose label contains '{word}', found {len(rows)}",
                        file=f"{table}.csv", hint="the chapter quotes this answer; restore or rename the row")
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
    out = frame[["benefit", "ja", "nej"]].rename(columns={"benefit": "label"}).assign(n=frame["ja"] + frame["nej"])
    return out.assign(share=out["ja"] / out["n"]).reset_index(drop=True)


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


# --- Theory of change --------------------------------------------------------------------------------
def aktiviteter_matchpar(round) -> list[str]:
    """The theory of change's activities in the match pairs, in order (programme-level 'p-*' items excluded)."""
    items = load_yaml(round, "forandringsteori")["activities"]
    return [a["text"] for a in items if not str(a["id"]).startswith("p-")]


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


def targets(round) -> dict:
    """The target of every success criterion, e.g. {'kommuner': 90, 'kursister_rustet': 0.75, ...}."""
    return _targets(round)


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
    # One status date per source: the date the source register gives it (a course list 'pr. september 2021'
    # is dated September, not by its last course), so the table, the text and the figures agree.
    dated = load_table(round, "kilder").set_index("key")["date"]
    status = {
        "kommune_tilstedevaerelse": (presence["til_stede"], presence["date"], "podio"),
        "deltagere_og_matches": (participants["deltagere"], dt.date(participants["aar"], 12, 31), "status"),
        "tabel8_kurser": (courses["kurser"] + courses["workshops"], dated["kursusoversigt"].date(),
                          "kursusoversigt"),
        "boligsociale_samarbejder": (housing["etableret"], housing["date"], "podio"),
    }
    rows = []
    for _, c in frame.iterrows():
        value, date, source = status.get(c["status_from"], (None, None, None))
        rows.append({"criterion_id": c["criterion_id"], "target": c["target"], "unit": c["unit"],
                     "comparator": c["comparator"], "status": value, "status_date": date, "source": source,
                     "assessment": None if pd.isna(c.get("assessment")) else c["assessment"],
                     "assessment_section": None if pd.isna(c.get("assessment_section")) else
                     str(c["assessment_section"]),
                     "memo_ref": c["memo_ref"]})
    return pd.DataFrame(rows)


# --- Målopfyldelse: every success criterion against its target ------------------------------------------
# Verdicts from the share of the target reached (status / target; for a '<' criterion target / status).
# Thresholds are a reporting convention, stated in the report's text.
VERDICT_THRESHOLDS = ((1.0, "Målet er nået"), (0.85, "Tæt på målet"), (0.5, "Et stykke fra målet"),
                      (0.0, "Langt fra målet"))
NOT_REPORTED = "Ikke opgjort"
ONLY_INDICATOR = "Kun indikator"

# Survey tables a criterion's share can come from: (answer-label column, question column or None).
SHARE_SOURCES = {
    "frivilligleder_status": ("item", None),
    "tabel7_frivilligkapacitet": ("statement", None),
    "kursusevaluering_svar": ("answer", "question"),
    "kommunesurvey_henvisning": ("answer", None),
    "kommunesurvey_andet_samarbejde": ("answer", None),
    "kursusevaluering_workshop": ("answer", "question"),
    "succeskriterier_maaling": ("item", None),
}


def _measure_share(round, row) -> tuple[int, int]:
    """(count, n) of one row of succeskriterier_indikatorer: the named answers of one question, added up."""
    where = f"succeskriterier_indikatorer.csv, measure '{row['measure_id']}'"
    label_col, question_col = SHARE_SOURCES[row["table"]]
    frame = load_table(round, row["table"])
    if question_col:
        if not row["question"]:
            raise DataError(f"{where}: table {row['table']} needs a question", file="succeskriterier_indikatorer.csv",
                            column="question", expected=", ".join(sorted(frame[question_col].unique())))
        frame = frame[frame[question_col] == row["question"]]
    count, ns = 0, set()
    for answer in row["answers"].split("|"):
        hit = _one(frame, row["table"], **{label_col: answer.strip()})
        count += int(hit["count"])
        ns.add(int(hit["n"]))
    if len(ns) != 1:
        raise DataError(f"{where}: the answers have different n {sorted(ns)}", file="succeskriterier_indikatorer.csv",
                        column="answers", expected="answers to one question")
    return count, ns.pop()


def succeskriterie_maalinger(round) -> pd.DataFrame:
    """Survey shares measured against a criterion (status or nearest indicator), with Wilson 95 % intervals
    where n < uncertainty.SMALL_N."""
    from vvvanalysis import uncertainty

    frame = load_table(round, "succeskriterier_indikatorer")
    rows = []
    for _, m in frame.iterrows():
        count, n = _measure_share(round, m)
        low, high = uncertainty.wilson(count, n) if uncertainty.needs_interval(n) else (None, None)
        rows.append({"criterion_id": m["criterion_id"], "measure_id": m["measure_id"], "role": m["role"],
                     "description": m["description"], "direction": m["direction"], "count": count, "n": n,
                     "share": count / n, "low": low, "high": high, "source": m["source"], "memo_ref": m["memo_ref"]})
    return pd.DataFrame(rows, columns=["criterion_id", "measure_id", "role", "description", "direction", "count",
                                       "n", "share", "low", "high", "source", "memo_ref"])


def share_of_target(status: float, target: float, comparator: str) -> float:
    """How far toward the target: status/target for '>=' criteria, target/status for '<'/'<=' (capped at 1
    once the criterion is met)."""
    if comparator == ">=":
        return status / target if target else 1.0
    met = status < target if comparator == "<" else status <= target
    return 1.0 if met or status == 0 else min(target / status, 1.0)


def verdict(reached: float | None, has_indicator: bool = False) -> str:
    if reached is None:
        return ONLY_INDICATOR if has_indicator else NOT_REPORTED
    return next(text for threshold, text in VERDICT_THRESHOLDS if reached >= threshold)


def period_ended(round) -> bool:
    """True when the report is dated after the project period: each criterion then has a final status
    (nået / ikke nået), computed from the numbers, instead of the evaluation's forward-looking assessment."""
    from vvvanalysis.config import load_config

    cfg = load_config(str(round))
    return cfg.report_date > cfg.period_end


def shortfall(row) -> int | None:
    """What is missing to the target, in the unit the table prints: a count, or percentage points between
    the printed (rounded) percentages; 0 when the criterion is met, None without a status."""
    status = row["status"]
    if status is None or status != status:
        return None
    if row["is_share"]:
        status, target = int(share_to_percent(status)), int(share_to_percent(row["target"]))
    else:
        status, target = int(status), int(row["target"])
    if row["comparator"] == ">=":
        return max(target - status, 0)
    limit = target - 1 if row["comparator"] == "<" else target   # '<15 %' is met at 14 %
    return max(status - limit, 0)


NOT_MET, MET = "ikke nået", "nået"


def end_status(row, shown: bool = True) -> str:
    """A criterion's status at the end of the period, past tense: 'nået', 'ikke nået (126 mangler)',
    'ikke nået (3 pct.-point mangler)'. The one wording the table, the text, the boxes and the summary use;
    the shortfall is computed from the numbers the table prints. shown=False (disclosure control hides the
    count): only 'nået' / 'ikke nået', since the shortfall would give the count back."""
    from vvvanalysis.danish import number

    gap = shortfall(row)
    if gap is None:
        return "ikke opgjort"
    if row["met"]:
        return MET
    if not shown:
        return NOT_MET
    unit = " pct.-point" if row["is_share"] else ""
    amount = f"{number(gap)}{unit}" if gap else "under 1 pct.-point"   # a share that rounds to the target
    return f"{NOT_MET} ({amount} {'mangler' if row['comparator'] == '>=' else 'for meget'})"


def maalopfyldelse(round) -> pd.DataFrame:
    """One row per success criterion: target, status (count or share), when and where from, the share of the
    target reached, the gap and a verdict. Shares with n < 100 carry their Wilson interval (low/high)."""
    base = succeskriterier(round)
    measures = succeskriterie_maalinger(round)
    statuses = measures[measures["role"] == "status"].set_index("criterion_id")
    if statuses.index.duplicated().any():
        raise DataError("a criterion has more than one status row", file="succeskriterier_indikatorer.csv",
                        column="role", expected="at most one row with role 'status' per criterion")
    indicated = set(measures.loc[measures["role"] == "indikator", "criterion_id"])
    sources = load_table(round, "kilder").set_index("key")["date"]
    rows = []
    for c in base.itertuples():
        is_share = str(c.unit).startswith("andel")
        count = n = low = high = None
        status = None if pd.isna(c.status) else c.status
        date = None if pd.isna(c.status_date) else c.status_date
        source = None if pd.isna(c.source) else c.source
        if c.criterion_id in statuses.index:
            if status is not None:
                raise DataError(f"criterion '{c.criterion_id}' has a status from both status_from and a share",
                                file="succeskriterier_indikatorer.csv", column="role",
                                hint="keep one of the two sources of the status")
            s = statuses.loc[c.criterion_id]
            status, count, n, low, high = s["share"], int(s["count"]), int(s["n"]), s["low"], s["high"]
            source, date = s["source"], sources[s["source"]].date()
        reached = None if status is None else share_of_target(status, c.target, c.comparator)
        gap = None
        if status is not None:
            gap = max(c.target - status, 0) if c.comparator == ">=" else max(status - c.target, 0)
        rows.append({"criterion_id": c.criterion_id, "target": c.target, "comparator": c.comparator,
                     "unit": c.unit, "is_share": is_share, "status": status, "count": count, "n": n,
                     "low": low, "high": high, "status_date": date, "source": source, "reached": reached,
                     "gap": gap, "met": None if reached is None else reached >= 1.0,
                     "has_indicator": c.criterion_id in indicated,
                     "verdict": verdict(reached, c.criterion_id in indicated),
                     "assessment": c.assessment, "assessment_section": c.assessment_section,
                     "memo_ref": c.memo_ref})
    return pd.DataFrame(rows)


# --- Fremskrivning af deltagertallet (vvvanalysis.outlook) ---------------------------------------------
# Measures read as 'participants at the end of the year'; the first is preferred when a year has both.
_STOCK_MEASURES = ("aktive_ved_aarets_udgang", "deltagere_i_aaret")


def deltager_forloeb(round) -> dict:
    """The reported participant numbers as a stock-flow series: stocks by year (with the measure each comes
    from), new matches by year, and the project's last year (noegletal: vvv2_slut_aar)."""
    frame = load_table(round, "deltagere_og_matches")
    stocks: dict[int, tuple[int, str]] = {}
    for measure in reversed(_STOCK_MEASURES):
        for year, count in frame.loc[frame["measure"] == measure, ["year", "count"]].values:
            stocks[int(year)] = (int(count), measure)
    if not stocks:
        raise DataError("no participant number to project from", file="deltagere_og_matches.csv",
                        column="measure", expected="a row with measure " + " or ".join(_STOCK_MEASURES))
    new = {int(y): int(c) for y, c in frame.loc[frame["measure"] == "matchede_i_aaret", ["year", "count"]].values}
    end_year = noegletal(round).get("vvv2_slut_aar")
    if end_year is None:
        raise DataError("the project's last year is missing", file="noegletal.csv", column="key",
                        expected="a row with key vvv2_slut_aar")
    return {"stocks": dict(sorted(stocks.items())), "new": dict(sorted(new.items())), "end_year": int(end_year)}


def comparable_stocks(round) -> dict[int, int]:
    """The participant numbers counted the same way as the latest one (same measure), by year. A count
    from another source or definition (the first period's 'aktive ved årets udgang' beside the status
    survey's 'deltagere i året') is not comparable and is left out (datanoter: deltagere_6063_definition)."""
    stocks = deltager_forloeb(round)["stocks"]
    measure = stocks[max(stocks)][1]
    return {year: count for year, (count, m) in stocks.items() if m == measure}


def ophoer_nedre_graense(round) -> dict | None:
    """The least yearly ending rate the data allow: in the year the participant number fell (noegletal:
    deltagere_fald_aar) although new participants were matched, more relationships ended than began.
    (stock(t-1) + new(t) - stock(t)) / stock(t-1) with stock(t-1) at its least possible value, stock(t)
    (outlook.ending_rate_lower_bound_after_fall). None when the data state no such fall."""
    from vvvanalysis import outlook

    year = noegletal(round).get("deltagere_fald_aar")
    if year is None:
        return None
    year = int(year)
    series = deltager_forloeb(round)
    if year not in series["stocks"] or year not in series["new"]:
        raise DataError(f"the participant number fell in {year}, but that year's participants or new matches are "
                        "missing", file="deltagere_og_matches.csv", column="year",
                        hint=f"add the rows for {year}, or remove deltagere_fald_aar from noegletal.csv")
    current, new = series["stocks"][year][0], series["new"][year]
    return {"year": year, "previous_year": year - 1, "stock": current, "new": new,
            "rate": outlook.ending_rate_lower_bound_after_fall(new, current)}


def calibration(round) -> dict | None:
    """The yearly ending rate implied by the earliest and the latest comparable participant number and the
    new matches reported for every year in between; None when the data do not allow it (fewer than two
    comparable numbers, a year without new matches, or no rate in 0..1 fits)."""
    from vvvanalysis import outlook

    series = deltager_forloeb(round)
    stocks, new = comparable_stocks(round), series["new"]
    if len(stocks) < 2:
        return None
    first, last = min(stocks), max(stocks)
    years = list(range(first + 1, last + 1))
    if any(y not in new for y in years):
        return None
    rate = outlook.implied_ending_rate(stocks[first], stocks[last], [new[y] for y in years])
    if rate is None:
        return None
    fitted = outlook.path(stocks[first], [new[y] for y in years], rate)
    measure = series["stocks"][last][1]
    return {"rate": rate, "from_year": first, "to_year": last, "from_stock": stocks[first],
            "from_measure": measure, "to_stock": stocks[last], "to_measure": measure,
            "new": {y: new[y] for y in years}, "fitted": dict(zip([first, *years], fitted))}


def fremskrivning(round, config=None) -> dict:
    """The participant outlook of the round: start, calibration and one projection per scenario in
    round.yml's 'outlook:' (keywords resolved from the data), each with the new matches per year it would
    take to reach the target at that scenario's ending rate."""
    from vvvanalysis import outlook
    from vvvanalysis.config import IMPLIED, LOWER_BOUND, REPORTED_MEAN, load_config
    from vvvanalysis.errors import ConfigError

    config = config or load_config(round)
    if config.outlook is None:
        raise ConfigError("round.yml has no 'outlook:' with the projection's scenarios",
                          file=config.folder / "round.yml", hint="copy the outlook block from data/midterm/round.yml")
    series = deltager_forloeb(round)
    start_year = max(series["stocks"])
    start = series["stocks"][start_year][0]
    if series["end_year"] <= start_year:
        raise DataError(f"the project ends in {series['end_year']}, not after the latest participant number "
                        f"({start_year})", file="noegletal.csv", column="value")
    target = float(_targets(round)["deltagere"])
    reported_mean = sum(series["new"].values()) / len(series["new"]) if series["new"] else None
    calib = calibration(round)
    bound = ophoer_nedre_graense(round)
    projections = []
    for s in config.outlook.scenarios:
        new, rate = s.new_matches_per_year, s.ending_rate
        if new == REPORTED_MEAN:
            if reported_mean is None:
                raise ConfigError(f"scenario '{s.id}': no reported new matches to average",
                                  file=config.folder / "round.yml", hint="give new_matches_per_year as a number")
            new = reported_mean
        if rate == IMPLIED:
            if calib is None:
                raise DataError(f"scenario '{s.id}' of round.yml asks for the implied ending rate, but the data "
                                "give no two comparable participant numbers (same measure) with the new matches "
                                "of every year between them",
                                file="deltagere_og_matches.csv", column="measure",
                                hint="complete the participant rows, or give ending_rate as a share (e.g. 0.2) "
                                     "in round.yml")
            rate = calib["rate"]
        if rate == LOWER_BOUND:
            if bound is None:
                raise DataError(f"scenario '{s.id}' of round.yml asks for the least ending rate the data allow, "
                                "but the data state no year in which the participant number fell",
                                file="noegletal.csv", column="key", hint="add deltagere_fald_aar, or give "
                                "ending_rate as a share in round.yml")
            rate = bound["rate"]
        # A scenario below the least ending rate the data allow is ruled out by the data: it is not shown.
        if bound is not None and rate < bound["rate"] - 1e-12:
            raise ConfigError(f"scenario '{s.id}' assumes {rate:.1%} of the relationships end a year, but the data "
                              f"show at least {bound['rate']:.1%} ended in {bound['year']}",
                              file=config.folder / "round.yml", hint="use an ending_rate of at least "
                              f"{bound['rate']:.3f}, or 'lower_bound'")
        projections.append(outlook.run_scenario(s.id, s.label, start_year, start, series["end_year"], new, rate,
                                                target))
    years = series["end_year"] - start_year
    return {"start_year": start_year, "start": start, "start_measure": series["stocks"][start_year][1],
            "end_year": series["end_year"], "target": target, "reported_mean": reported_mean,
            "reported_new": series["new"], "stocks": series["stocks"], "calibration": calib,
            "comparable_stocks": comparable_stocks(round),
            "projections": projections, "lower_bound": bound,
            "max_rate_at_reported_pace": None if reported_mean is None else
            outlook.max_ending_rate(start, years, reported_mean, target),
            "needed_at_implied_rate": None if calib is None else
            outlook.needed_new_per_year(start, years, calib["rate"], target),
            "steady_state": None if calib is None or reported_mean is None else
            outlook.steady_state(reported_mean, calib["rate"])}
