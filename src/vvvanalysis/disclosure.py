"""Disclosure control: person counts below round.yml's `disclosure.min_count` are never printed.

A round may set

    disclosure:
      min_count: 3

Then every count of persons below 3 (but above 0) prints as 'under 3' in text, tables and figure labels
(vvvanalysis.danish.count_or_under), and every share, interval or bar derived from such a count is
suppressed too ('–' in tables and figures; the count's 'under 3' in running text), so the number cannot be
read back from its percentage. Counts of municipalities, volunteer groups or activities are not personal
and stay exact: what each table counts is declared once, below (a test makes every table declare it).
Without `disclosure:` nothing changes (the midterm reproduces the memo's printed counts).

Complementary suppression. Where the cells of a table add up to a total that is printed too (Fig. 9's four
answers and n; Tabel 8's courses and 'I alt'), hiding one small cell is not enough: n minus the shown cells
gives it back. The rule (`complementary`), applied to every margin declared in MARGINS:

  1. every person count from 1 to min_count - 1 is hidden ('under 3');
  2. while the published numbers still pin a hidden count down to one value, the smallest cell still
     shown (not 0) is withheld as well ('–', never 'under 3': it is not small);
  3. if every cell is hidden and a count is still pinned down, the total is withheld too.

"Pinned down" assumes the reader knows the rule: the hidden cells add up to the total minus the shown
cells, a cell shown as 'under 3' holds 1 to min_count - 1 persons and a withheld cell at least min_count.
So 'under 3' and '–' next to each other cannot be told apart: e.g. 15, 27, 4, 2 of 48 with min_count 3
prints 15, 27, '–', 'under 3' (2 alone would be 48 - 15 - 27 - 4), while 27, 18, 2, 1 prints 27, 18,
'under 3', 'under 3' (the two add up to 3, so each is 1 or 2). Every output of a margin asks the same
function for the same table, so a cell withheld in a figure is withheld in the text and the comparison
table too. Not covered: a cell the report never prints (e.g. the workshop prints only 'I høj grad' of n;
n minus it is the other answers together, which nobody hides).
"""

from __future__ import annotations

from vvvanalysis import danish
from vvvanalysis.errors import ConfigError

PERSONS = "personer"
# What the counts of each round table count. Only PERSONS is suppressed; the others are declared exempt.
COUNTS: dict[str, str | None] = {
    "kilder": None, "succeskriterier_status": None, "succeskriterier_indikatorer": None, "lg_insight_2018": None,
    "boligsociale_samarbejder": None, "opfoelgning": None, "noegletal": None,
    "kommune_tilstedevaerelse": "kommuner",
    "henvisningskilder": "frivilliggrupper",
    "kommunesurvey_henvisning": "kommuner", "kommunesurvey_aarsager": "kommuner",
    "kommunesurvey_samarbejdsaftale": "kommuner", "kommunesurvey_henvisningsrutiner": "kommuner",
    "kommunesurvey_vurdering_samarbejde": "kommuner", "kommunesurvey_forbedringsforslag": "kommuner",
    "kommunesurvey_andet_samarbejde": "kommuner", "kommunesurvey_nedgang_betydning": "kommuner",
    "tabel6_reorganisering": "kommuner", "tabel7_frivilligkapacitet": "kommuner", "tabel11_udbytte": "kommuner",
    "datagrundlag": "dataindsamlinger",   # interviews held and surveys sent: the evaluation's own activities
    "deltagere_og_matches": PERSONS,
    "frivilligleder_status": PERSONS,
    "tabel8_kurser": PERSONS,
    "kursusevaluering_svar": PERSONS,
    "kursusevaluering_workshop": PERSONS,
    # persons, kommuner and matches side by side: read as persons, the strictest rule, for every row
    "succeskriterier_maaling": PERSONS,
}
# Tables whose counts add up to a total the report prints, by the columns that delimit one margin (Fig. 9 and
# 10: one question's answers add up to its n; Tabel 8: the courses add up to 'I alt' and the text's total).
MARGINS: dict[str, tuple[str, ...]] = {"kursusevaluering_svar": ("question",), "tabel8_kurser": ()}
SUPPRESSED = "–"
WITHHELD_TEXT = "ikke vist"     # running text: a withheld cell (not small itself, hidden to protect a small one)
SHOWN, UNDER, WITHHELD = "shown", "under", "withheld"
EXAMPLE = "disclosure:\n  min_count: 3"


def min_count(config) -> int | None:
    """The round's threshold from its RoundConfig (None: no disclosure control)."""
    raw = config.extra.get("disclosure")
    if raw is None:
        return None
    path = config.folder / "round.yml"
    if not isinstance(raw, dict) or set(raw) != {"min_count"}:
        raise ConfigError("'disclosure' must be a mapping with the one key 'min_count'", file=path,
                          column="disclosure", expected=EXAMPLE.replace("\n", " "), hint=f"write:\n{EXAMPLE}")
    value = raw["min_count"]
    if isinstance(value, bool) or not isinstance(value, int) or value < 2:
        raise ConfigError(f"'disclosure.min_count' is {value!r}", file=path, column="disclosure.min_count",
                          expected="a whole number of at least 2 (e.g. 3)", hint="write min_count: 3")
    return value


def complementary(counts, threshold: int | None) -> tuple[list[str], bool]:
    """The status of each cell of one margin (SHOWN, UNDER or WITHHELD) and whether its total must be withheld
    too, by the rule in the module docstring."""
    counts = [int(c) for c in counts]
    status = [UNDER if threshold is not None and 0 < c < threshold else SHOWN for c in counts]
    if UNDER not in status:
        return status, False
    while _pinned_down(counts, status, threshold):
        shown = [i for i, s in enumerate(status) if s == SHOWN and counts[i] > 0]
        if not shown:
            return status, True
        status[min(shown, key=lambda i: (counts[i], i))] = WITHHELD
    return status, False


def _pinned_down(counts: list[int], status: list[str], threshold: int) -> bool:
    """True when the total minus the shown cells, with what 'under' and '–' tell, leaves one value for an
    'under' cell."""
    hidden = [i for i, s in enumerate(status) if s != SHOWN]
    total = sum(counts[i] for i in hidden)
    for i in hidden:
        if status[i] != UNDER:
            continue
        others = [j for j in hidden if j != i]
        least = sum(1 if status[j] == UNDER else threshold for j in others)
        most = (float("inf") if any(status[j] == WITHHELD for j in others)
                else (threshold - 1) * len(others))
        if max(1, total - most) >= min(threshold - 1, total - least):
            return True
    return False


class Disclosure:
    """The round's rule applied to one table's counts."""

    def __init__(self, config, table: str):
        if table not in COUNTS:
            raise KeyError(f"table '{table}' does not declare what it counts (vvvanalysis.disclosure.COUNTS)")
        self.table = table
        self.threshold = min_count(config) if COUNTS[table] == PERSONS else None

    def hidden(self, count: int) -> bool:
        return self.threshold is not None and 0 < int(count) < self.threshold

    def count(self, count: int) -> str:
        return danish.count_or_under(int(count), self.threshold)

    def share(self, count: int, text: str) -> str:
        """A share (or interval) derived from `count`, already formatted: '–' when the count is hidden."""
        return SUPPRESSED if self.hidden(count) else text

    def share_text(self, count: int, text: str) -> str:
        """For running text: the count's 'under 3' instead of a share that would reveal it."""
        return self.count(count) if self.hidden(count) else text

    # --- margins: cells printed together with their total (complementary suppression) -------------------

    def statuses(self, frame, count: str = "count") -> list[str]:
        """Per row of `frame` (rows of this table, any subset of margins): SHOWN, UNDER or WITHHELD. Tables
        without a declared margin get the small-count rule alone."""
        counts = [int(c) for c in frame[count]]
        if self.table not in MARGINS:
            return [UNDER if self.hidden(c) else SHOWN for c in counts]
        out = [SHOWN] * len(counts)
        by = list(MARGINS[self.table])
        groups = frame.groupby(by, sort=False).indices.values() if by and set(by) <= set(frame.columns) \
            else [range(len(counts))]
        for rows in groups:
            status, _total = complementary([counts[i] for i in rows], self.threshold)
            for i, s in zip(rows, status):
                out[i] = s
        return out

    def total_withheld(self, frame, count: str = "count") -> bool:
        """True when even hiding every cell of the margin leaves a small count computable from its total."""
        return complementary([int(c) for c in frame[count]], self.threshold)[1]

    def cell(self, count: int, status: str) -> str:
        """A count as a table or figure label prints it under its status."""
        return {SHOWN: danish.number(int(count)), UNDER: self.count(count), WITHHELD: SUPPRESSED}[status]

    def cell_text(self, count: int, status: str, text: str) -> str:
        """Running text: `text` (a count or share already formatted) when shown, else what may be said."""
        return {SHOWN: text, UNDER: self.count(count), WITHHELD: WITHHELD_TEXT}[status]


def legend(statuses, threshold: int | None) -> str:
    """The reader's key to the hidden cells of one output ('' when nothing is hidden), for its note."""
    parts = []
    if UNDER in statuses:
        parts.append(f"»under {danish.number(threshold)}« = færre end {danish.number(threshold)} personer")
    if WITHHELD in statuses:
        parts.append(f"»{SUPPRESSED}« = ikke vist, så et lille antal ikke kan regnes ud af totalen")
    return "; ".join(parts)


def sum_status(rule: Disclosure, frame, labels, label: str, count: str = "count") -> str:
    """The status of a sum of cells of one margin (e.g. 'I høj grad' + 'I nogen grad' as a goal indicator).
    Printed only when it is not small itself and holds all or none of the margin's hidden cells: a sum with
    some of them would give those back (the sum minus the shown cells in it)."""
    statuses = dict(zip(frame[label], rule.statuses(frame, count)))
    total = int(frame[frame[label].isin(labels)][count].sum())
    if rule.hidden(total):
        return UNDER
    hidden = {k for k, s in statuses.items() if s != SHOWN}
    inside = hidden & set(labels)
    return WITHHELD if inside and inside != hidden else SHOWN


def measure_statuses(round_ref) -> dict[str, str]:
    """Per measure of succeskriterier_indikatorer (the goal chapter's shares): its status under the rule of the
    table it is counted in, by `sum_status`."""
    from vvvanalysis import indicators
    from vvvanalysis.config import load_config
    from vvvanalysis.data import load_table

    config = load_config(str(round_ref))
    out = {}
    for m in load_table(round_ref, "succeskriterier_indikatorer").itertuples():
        label, question = indicators.SHARE_SOURCES[m.table]
        frame = load_table(round_ref, m.table)
        if question:
            frame = frame[frame[question] == m.question]
        answers = [a.strip() for a in m.answers.split("|")]
        out[m.measure_id] = sum_status(Disclosure(config, m.table), frame.reset_index(drop=True), answers, label)
    return out


# What a success criterion's status counts, by the table it is taken from (succeskriterier_status.status_from):
# the participants are persons; kommuner, courses held and housing areas are not.
STATUS_COUNTS = {"kommune_tilstedevaerelse": "kommuner", "deltagere_og_matches": PERSONS,
                 "tabel8_kurser": "kurser", "boligsociale_samarbejder": "boligområder"}


def criterion_statuses(round_ref) -> dict[str, str]:
    """Per success criterion with a status: SHOWN, UNDER or WITHHELD — a share status by its measure's
    `sum_status`, a count status (participants) by the small-count rule."""
    from vvvanalysis import indicators
    from vvvanalysis.config import load_config
    from vvvanalysis.data import load_table

    config = load_config(str(round_ref))
    threshold = min_count(config)
    measures = measure_statuses(round_ref)
    out = {}
    for m in load_table(round_ref, "succeskriterier_indikatorer").itertuples():
        if m.role == "status":
            out[m.criterion_id] = measures[m.measure_id]
    status_from = load_table(round_ref, "succeskriterier_status").set_index("criterion_id")["status_from"]
    for c in indicators.maalopfyldelse(round_ref).itertuples():
        if c.criterion_id in out or c.status is None or c.status != c.status:
            continue
        persons = not c.is_share and STATUS_COUNTS.get(status_from[c.criterion_id]) == PERSONS
        small = persons and threshold is not None and 0 < int(c.status) < threshold
        out[c.criterion_id] = UNDER if small else SHOWN
    return out


def hidden_text(status: str, threshold: int | None, *, prose: bool = False) -> str:
    """What a table ('under 3' / '–') or running text ('under 3' / 'ikke vist') prints for a hidden value."""
    if status == UNDER:
        return f"under {danish.number(threshold)}"
    return WITHHELD_TEXT if prose else SUPPRESSED


def for_round(round_ref, table: str) -> Disclosure:
    from vvvanalysis.config import load_config

    return Disclosure(load_config(str(round_ref)), table)
