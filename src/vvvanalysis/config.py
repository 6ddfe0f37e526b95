"""Round configuration (data/<round>/round.yml): titles, dates and switches of one reporting round."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path

from vvvanalysis.errors import ConfigError
from vvvanalysis.paths import round_dir

REQUIRED = {
    "name": str,
    "title": str,
    "subtitle": str,
    "round_label": str,
    "period_start": dt.date,
    "period_end": dt.date,
    "report_date": dt.date,
    "evaluator": str,
    "commissioner": str,
    "funder": str,
    "example_data": bool,
}


# outlook: the participant projection (vvvanalysis.outlook); each scenario's two assumptions are a number or
# a keyword asking for the value the round's reported numbers give.
REPORTED_MEAN = "reported_mean"   # new_matches_per_year: mean of the yearly new matches in deltagere_og_matches.csv
IMPLIED = "implied"               # ending_rate: the yearly ending share the reported numbers imply
LOWER_BOUND = "lower_bound"       # ending_rate: the least yearly ending share the reported fall allows
SCENARIO_KEYS = ("id", "label", "new_matches_per_year", "ending_rate")
OUTLOOK_EXAMPLE = ("outlook:\n  scenarios:\n    - id: uaendret\n      label: Uændret tempo\n"
                   "      new_matches_per_year: reported_mean\n      ending_rate: implied")


@dataclass(frozen=True)
class Scenario:
    id: str
    label: str
    new_matches_per_year: float | str    # a number >= 0 or REPORTED_MEAN
    ending_rate: float | str             # a share 0..1, IMPLIED or LOWER_BOUND


@dataclass(frozen=True)
class Outlook:
    scenarios: tuple[Scenario, ...]


@dataclass(frozen=True)
class RoundConfig:
    name: str
    title: str
    subtitle: str
    round_label: str
    period_start: dt.date
    period_end: dt.date
    report_date: dt.date
    evaluator: str
    commissioner: str
    funder: str
    example_data: bool
    folder: Path
    extra: dict = field(default_factory=dict)
    outlook: Outlook | None = None
    publication: "Publication | None" = None


# The report's professional matter (optional keys of round.yml): what the cover calls the document, how
# precisely its date is known, the edition, who signs the foreword and who did the evaluation.
DATE_PRECISIONS = ("day", "month")
PUBLICATION_EXAMPLE = ("cover_label: Ekstern evaluering\nreport_date_precision: month\nedition: 2. udgave\n"
                       "signatory:\n  name: Jacob Als Thomsen\n  title: Adm. direktør\n"
                       "evaluation_team:\n  - name: Mia Kathrine Jensen\n    title: konsulent\n"
                       "    role: gennemført")
TEAM_ROLES = ("gennemført", "bistået")


@dataclass(frozen=True)
class TeamMember:
    name: str
    title: str
    role: str            # 'gennemført' (conducted the evaluation) or 'bistået' (assisted with data)


@dataclass(frozen=True)
class Publication:
    cover_label: str               # shown above the title and in the page header
    date_precision: str            # 'day' or 'month': how the report date is written
    edition: str | None = None
    signatory_name: str | None = None
    signatory_title: str | None = None
    team: tuple[TeamMember, ...] = ()
    edition_date: dt.date | None = None   # the month of this edition (a corrected edition has its own date)


def _text(raw: dict, key: str, path: Path, *, where: str = "") -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"key '{where}{key}' has the value {value!r}", file=path, expected="non-empty text",
                          hint=PUBLICATION_EXAMPLE)
    return value.strip()


def parse_publication(raw: dict, round_label: str, path: Path) -> Publication:
    precision = raw.get("report_date_precision", "day")
    if precision not in DATE_PRECISIONS:
        raise ConfigError(f"key 'report_date_precision' has the value {precision!r}", file=path,
                          expected=" or ".join(DATE_PRECISIONS),
                          hint="write 'month' when the source gives only a month (e.g. November 2021)")
    label = _text(raw, "cover_label", path) if "cover_label" in raw else round_label
    edition = _text(raw, "edition", path) if "edition" in raw else None
    name = title = None
    if "signatory" in raw:
        sig = raw["signatory"]
        if not isinstance(sig, dict):
            raise ConfigError("key 'signatory' must be a mapping with 'name' and 'title'", file=path,
                              hint=PUBLICATION_EXAMPLE)
        name, title = _text(sig, "name", path, where="signatory."), _text(sig, "title", path, where="signatory.")
    team = []
    items = raw.get("evaluation_team", [])
    if not isinstance(items, list):
        raise ConfigError("key 'evaluation_team' must be a list of persons", file=path, hint=PUBLICATION_EXAMPLE)
    for i, item in enumerate(items, start=1):
        where = f"evaluation_team[{i}]."
        if not isinstance(item, dict):
            raise ConfigError(f"{where[:-1]} must be a mapping with name, title and role", file=path,
                              hint=PUBLICATION_EXAMPLE)
        role = _text(item, "role", path, where=where)
        if role not in TEAM_ROLES:
            raise ConfigError(f"key '{where}role' has the value {role!r}", file=path,
                              expected=" or ".join(TEAM_ROLES))
        team.append(TeamMember(_text(item, "name", path, where=where), _text(item, "title", path, where=where),
                               role))
    edition_date = raw.get("edition_date")
    if edition_date is not None and not isinstance(edition_date, dt.date):
        raise ConfigError(f"key 'edition_date' has the value {edition_date!r}", file=path,
                          expected="a date (YYYY-MM-DD; only its month is printed)", hint=PUBLICATION_EXAMPLE)
    return Publication(label, precision, edition, name, title, tuple(team), edition_date)


PUBLICATION_KEYS = ("cover_label", "report_date_precision", "edition", "edition_date", "signatory",
                    "evaluation_team")


def load_config(round_name: str) -> RoundConfig:
    folder = round_dir(round_name)
    path = folder / "round.yml"
    from vvvanalysis.data.readers import parse_yaml, read_text

    # The same reader as every data file: a regular file inside the project, UTF-8, no invisible characters,
    # recorded as read (so the notebooks and the metadata that use round.yml re-run when it changes), and
    # strict YAML (a key given twice, NaN or infinity are refused with their line).
    raw = parse_yaml(read_text(path, csv=False), path, ConfigError)[0] or {}
    if not isinstance(raw, dict):
        raise ConfigError("must be a mapping of keys to values", file=path,
                          hint="write one 'key: value' per line, as in data/midterm/round.yml")
    values = {}
    for key, kind in REQUIRED.items():
        if key not in raw:
            raise ConfigError(f"key '{key}' is missing", file=path, expected=kind.__name__,
                              hint=f"add '{key}:' to {path.name}")
        value = raw[key]
        if not isinstance(value, kind) or (kind is dt.date and isinstance(value, dt.datetime)):
            raise ConfigError(f"key '{key}' has the value {value!r}", file=path,
                              expected="a date written YYYY-MM-DD" if kind is dt.date else kind.__name__,
                              hint=f"correct '{key}:' in {path.name}" + (" (unquoted, e.g. 2021-11-30)"
                                                                         if kind is dt.date else ""))
        values[key] = value
    if values["name"] != folder.name:
        raise ConfigError(f"name '{values['name']}' does not match the folder '{folder.name}'", file=path,
                          hint=f"set name: {folder.name}")
    outlook = parse_outlook(raw["outlook"], path) if "outlook" in raw else None
    publication = parse_publication(raw, values["round_label"], path)
    extra = {k: v for k, v in raw.items() if k not in REQUIRED and k != "outlook" and k not in PUBLICATION_KEYS}
    return RoundConfig(folder=folder, extra=extra, outlook=outlook, publication=publication, **values)


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def parse_outlook(raw, path) -> Outlook:
    """Validate the 'outlook:' mapping of round.yml; every error names the scenario and the key."""
    if not isinstance(raw, dict):
        raise ConfigError("'outlook' must be a mapping with the key 'scenarios'", file=path, hint=OUTLOOK_EXAMPLE)
    unknown = sorted(set(raw) - {"scenarios"})
    if unknown:
        raise ConfigError(f"unknown key 'outlook.{unknown[0]}'", file=path, expected="only 'scenarios'",
                          hint="remove the key or correct its spelling")
    items = raw.get("scenarios")
    if not isinstance(items, list) or not items:
        raise ConfigError("'outlook.scenarios' must be a non-empty list of scenarios", file=path,
                          hint=OUTLOOK_EXAMPLE)
    scenarios, seen = [], set()
    for i, item in enumerate(items, start=1):
        where = f"outlook.scenarios[{i}]"
        if not isinstance(item, dict):
            raise ConfigError(f"{where} must be a mapping", file=path, expected=", ".join(SCENARIO_KEYS))
        for key in SCENARIO_KEYS:
            if key not in item:
                raise ConfigError(f"{where}: key '{key}' is missing", file=path, hint=f"add '{key}:'")
        extra = sorted(set(item) - set(SCENARIO_KEYS))
        if extra:
            raise ConfigError(f"{where}: unknown key '{extra[0]}'", file=path,
                              expected="only " + ", ".join(SCENARIO_KEYS))
        sid, label = item["id"], item["label"]
        if not isinstance(sid, str) or not sid or not isinstance(label, str) or not label.strip():
            raise ConfigError(f"{where}: 'id' and 'label' must be non-empty text", file=path)
        if sid in seen:
            raise ConfigError(f"{where}: scenario id '{sid}' is used twice", file=path, hint="give each scenario its own id")
        seen.add(sid)
        new, rate = item["new_matches_per_year"], item["ending_rate"]
        if not (new == REPORTED_MEAN or (_is_number(new) and new >= 0)):
            raise ConfigError(f"{where} ({sid}): new_matches_per_year is {new!r}", file=path,
                              expected=f"a number of participants >= 0 or '{REPORTED_MEAN}'")
        if not (rate in (IMPLIED, LOWER_BOUND) or (_is_number(rate) and 0 <= rate <= 1)):
            raise ConfigError(f"{where} ({sid}): ending_rate is {rate!r}", file=path,
                              expected=f"a yearly share between 0 and 1 (0.2 for 20 %), '{IMPLIED}' or "
                                       f"'{LOWER_BOUND}'")
        scenarios.append(Scenario(sid, label.strip(), new if isinstance(new, str) else float(new),
                                  rate if isinstance(rate, str) else float(rate)))
    return Outlook(tuple(scenarios))
