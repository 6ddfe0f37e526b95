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
}
SUPPRESSED = "–"
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


class Disclosure:
    """The round's rule applied to one table's counts."""

    def __init__(self, config, table: str):
        if table not in COUNTS:
            raise KeyError(f"table '{table}' does not declare what it counts (vvvanalysis.disclosure.COUNTS)")
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


def for_round(round_ref, table: str) -> Disclosure:
    from vvvanalysis.config import load_config

    return Disclosure(load_config(str(round_ref)), table)
