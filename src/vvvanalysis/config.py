"""Round configuration (data/<round>/round.yml): titles, dates and switches of one reporting round."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import yaml

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


def load_config(round_name: str) -> RoundConfig:
    folder = round_dir(round_name)
    path = folder / "round.yml"
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise ConfigError("is not valid YAML", file=path, row=None if line is None else line + 1,
                          hint="check indentation and quoting") from None
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
    extra = {k: v for k, v in raw.items() if k not in REQUIRED}
    return RoundConfig(folder=folder, extra=extra, **values)
