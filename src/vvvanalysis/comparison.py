"""Development since the previous round: every indicator measured in both rounds, side by side.

The previous round is named in the current round's round.yml (`compare_with: midterm`); nothing here knows
which rounds exist. Counts (participants, kommuner, boligområder, courses) are compared as numbers; survey
shares as the difference of two independent proportions with a Newcombe (hybrid Wilson) 95 % interval,
so small samples are read honestly: when the interval covers 0 the difference may be chance.

Arithmetic as printed: the table shows each share as a whole percentage, so the change it prints
(`printed_change`) is the difference of those two rounded percentages ("52 % → 61 %" is "+9 pct.-point", never
"+8"). The interval is the Newcombe interval of the unrounded difference, which is what the data support.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pandas as pd
from statsmodels.stats.proportion import confint_proportions_2indep

from vvvanalysis import danish, indicators
from vvvanalysis.config import RoundConfig, load_config
from vvvanalysis.errors import ConfigError
from vvvanalysis.uncertainty import LEVEL

CHANCE = "forskellen kan skyldes tilfældigheder"
UP, DOWN = "stigning", "fald"


def previous_round(round_ref) -> Path | None:
    """The folder of the round named by `compare_with:` in round.yml (a sibling folder), or None."""
    cfg = load_config(str(round_ref))
    name = cfg.extra.get("compare_with")
    if name is None:
        return None
    sibling = cfg.folder.parent / str(name)
    if not (sibling / "round.yml").exists():
        raise ConfigError(f"compare_with names the round '{name}', which does not exist",
                          file=cfg.folder / "round.yml", column="compare_with",
                          expected=f"a folder data/{name}/ with a round.yml",
                          hint="correct compare_with or remove it (then there is nothing to compare)")
    if sibling.resolve() == cfg.folder.resolve():
        raise ConfigError("compare_with names the round itself", file=cfg.folder / "round.yml",
                          column="compare_with", hint="name the previous round, e.g. compare_with: midterm")
    return sibling


def rounds(round_ref) -> tuple[RoundConfig, RoundConfig]:
    """(previous, current) configs; a clear error when the round names no previous round."""
    previous = previous_round(round_ref)
    current = load_config(str(round_ref))
    if previous is None:
        raise ConfigError("the round names no previous round to compare with", file=current.folder / "round.yml",
                          column="compare_with", hint="add 'compare_with: midterm' to round.yml")
    return load_config(str(previous)), current


def previous_names(round_ref) -> tuple[str, str]:
    """(name in running text, name in a table heading or legend) of the previous round's report, from
    round.yml's compare_name / compare_heading (e.g. 'evalueringsnotatet (november 2021)'); without them the
    previous round's label."""
    previous, current = rounds(round_ref)
    text = current.extra.get("compare_name") or previous.round_label.lower()
    return str(text), str(current.extra.get("compare_heading") or previous.round_label)


# --- Counts -----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Count:
    key: str
    label: str                                     # Danish, as the table prints it
    value: Callable[[str | Path], tuple[int, str]]  # round -> (value, 'as of' text)


def _participants(r):
    d = indicators.deltagere(r)
    return d["deltagere"], str(d["aar"])


def _present(r):
    p = indicators.kommune_tilstedevaerelse(r)
    return p["til_stede"], p["date"]


def _housing(r):
    h = indicators.boligomraader(r)
    return h["etableret"], h["date"]


def _courses(r):
    s = indicators.kurser_summary(r)
    return s["kurser"] + s["workshops"], indicators.tabel8(r)["date"].max().date()


def _course_participants(r):
    return indicators.kurser_summary(r)["deltagere"], indicators.tabel8(r)["date"].max().date()


COUNTS = (
    Count("deltagere", "Deltagere i året", _participants),
    Count("kommuner", "Kommuner med VVV", _present),
    Count("boligomraader", "Boligområder med etableret samarbejde", _housing),
    Count("kurser", "Afholdte kurser og workshops (i alt)", _courses),
    Count("kursusdeltagere", "Deltagere på kurser og workshops (i alt)", _course_participants),
)


def counts(round_ref) -> pd.DataFrame:
    """One row per count measured in both rounds: previous, current, change (and when each was measured)."""
    prev, cur = rounds(round_ref)
    rows = []
    for c in COUNTS:
        (before, when_before), (after, when_after) = c.value(prev.folder), c.value(cur.folder)
        rows.append({"key": c.key, "label": c.label, "previous": int(before), "previous_when": when_before,
                     "current": int(after), "current_when": when_after, "change": int(after) - int(before)})
    return pd.DataFrame(rows)


# --- Survey shares ----------------------------------------------------------------------------------------
def _udbytte(r) -> pd.DataFrame:
    t = indicators.tabel11(r)
    return t.rename(columns={"ja": "count"})[["label", "count", "n"]]


LEADER_ITEMS = {"mangel_paa_frivillige": "Oplever mangel på frivillige", "mangler_flygtninge": "Mangler flygtninge at matche"}


def _leaders(r) -> pd.DataFrame:
    t = indicators.frivilligleder_status(r)
    return t.assign(label=t["label"].map(lambda item: LEADER_ITEMS.get(item, item)))


# (key, question as the table prints it, round -> frame with label, count, n)
SHARES: tuple[tuple[str, str, Callable], ...] = (
    ("henvisning", "Kommunen henviser målgruppen til VVV", indicators.fig1),
    ("samarbejdsaftale", "Skriftlig samarbejdsaftale (henvisende kommuner)", indicators.samarbejdsaftale),
    ("henvisningsrutiner", "Rutiner for henvisning (henvisende kommuner)", indicators.fig2),
    ("andet_samarbejde", "Samarbejde med RK/DRC om andre aktiviteter", indicators.fig4),
    ("reorganisering", "Nedgangens betydning for organiseringen", indicators.tabel6),
    ("frivilligkapacitet", "Kommunernes vurdering af frivilligkapaciteten", indicators.tabel7),
    ("udbytte", "Kommunernes vurdering af deltagernes udbytte (ja)", _udbytte),
    ("kursus_viden", "Kurset gav ny viden", indicators.fig9),
    ("kursus_redskaber", "Kurset gav redskaber", indicators.fig10),
    ("frivilligledere", "Frivillige ledere (Røde Kors)", _leaders),
)


# The round table each share is counted in: decides whether disclosure control applies (vvvanalysis.disclosure).
SHARE_TABLES = {"henvisning": "kommunesurvey_henvisning", "samarbejdsaftale": "kommunesurvey_samarbejdsaftale",
                "henvisningsrutiner": "kommunesurvey_henvisningsrutiner",
                "andet_samarbejde": "kommunesurvey_andet_samarbejde", "reorganisering": "tabel6_reorganisering",
                "frivilligkapacitet": "tabel7_frivilligkapacitet", "udbytte": "tabel11_udbytte",
                "kursus_viden": "kursusevaluering_svar", "kursus_redskaber": "kursusevaluering_svar",
                "frivilligledere": "frivilligleder_status"}


def share_difference(count_now: int, n_now: int, count_before: int, n_before: int, level: float = LEVEL) -> dict:
    """Difference of two independent proportions (now − before) with its Newcombe interval."""
    low, high = confint_proportions_2indep(count_now, n_now, count_before, n_before, method="newcomb",
                                           compare="diff", alpha=1 - level)
    diff = count_now / n_now - count_before / n_before
    return {"diff": diff, "low": float(low), "high": float(high), "covers_zero": bool(low <= 0 <= high)}


def printed_change(share_now: float, share_before: float) -> int:
    """The change in whole percentage points between the two shares as the table prints them (half-up)."""
    return int(danish.share_to_percent(share_now) - danish.share_to_percent(share_before))


def reading(diff: dict) -> str:
    """Honest Danish wording of one difference."""
    if diff["covers_zero"]:
        return CHANCE
    return f"{UP if diff['diff'] > 0 else DOWN}, som næppe skyldes tilfældigheder alene"


def shares(round_ref) -> pd.DataFrame:
    """Every survey share that exists in both rounds (same question, same answer label), with the change
    and its 95 % interval. Questions or answers only one round has are left out (see `only_in_one`)."""
    prev, cur = rounds(round_ref)
    rows = []
    for key, question, func in SHARES:
        before, after = func(prev.folder), func(cur.folder)
        common = [label for label in after["label"] if label in set(before["label"])]
        for label in common:
            b, a = before[before["label"] == label].iloc[0], after[after["label"] == label].iloc[0]
            d = share_difference(int(a["count"]), int(a["n"]), int(b["count"]), int(b["n"]))
            rows.append({"key": key, "question": question, "label": label,
                         "previous_count": int(b["count"]), "previous_n": int(b["n"]),
                         "previous_share": b["count"] / b["n"],
                         "current_count": int(a["count"]), "current_n": int(a["n"]),
                         "current_share": a["count"] / a["n"], **d,
                         "printed_change": printed_change(a["count"] / a["n"], b["count"] / b["n"]),
                         "reading": reading(d)})
    return pd.DataFrame(rows, columns=["key", "question", "label", "previous_count", "previous_n", "previous_share",
                                       "current_count", "current_n", "current_share", "diff", "low", "high",
                                       "covers_zero", "printed_change", "reading"])


def only_in_one(round_ref) -> list[str]:
    """Answers (question: label) that only one of the two rounds reports: not compared."""
    prev, cur = rounds(round_ref)
    out = []
    for _key, question, func in SHARES:
        before, after = set(func(prev.folder)["label"]), set(func(cur.folder)["label"])
        out += [f"{question}: {label}" for label in sorted(before ^ after)]
    return out
