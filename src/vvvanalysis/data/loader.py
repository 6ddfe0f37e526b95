"""The one way to read round data: validated tables (CSV) and YAML files, by name."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from functools import lru_cache

from vvvanalysis.data.characters import difference, look_alike
from vvvanalysis.data.readers import parse_csv_text, read_text, read_yaml
from vvvanalysis.data.schema import parse_table
from vvvanalysis.data.tables import TABLES
from vvvanalysis.data.yaml_schemas import YAMLS, validate_yaml
from vvvanalysis.errors import DataError
from vvvanalysis.paths import round_dir

RoundRef = str | os.PathLike


def load_table(round: RoundRef, name: str) -> pd.DataFrame:
    schema = _declared(TABLES, name, "table")
    folder = round_dir(round)
    path = folder / schema.file
    try:
        frame, lines = _parse_cached(name, path, read_text(path))  # read_text records the read every time
    except DataError as exc:
        if "no data rows" in exc.message:   # a scaffolded file: say what belongs in it
            raise DataError(exc.message, file=path, row=exc.row, expected=exc.expected,
                            hint=f"fill in {schema.description.lower()} (columns: "
                                 f"{', '.join(c.name for c in schema.columns)})") from None
        raise
    _check_references(folder, schema, frame, lines, path)
    return frame.copy()


@lru_cache(maxsize=512)
def _parse_cached(name: str, path: Path, text: str) -> tuple[pd.DataFrame, list[int]]:
    # Keyed on the file's content, so an edited file is always parsed again; indicators reload tables often.
    return parse_table(TABLES[name], parse_csv_text(path, text))


def load_yaml(round: RoundRef, name: str):
    schema = _declared(YAMLS, name, "YAML file")
    path = round_dir(round) / schema.file
    data, node = read_yaml(path)
    validate_yaml(schema, data, node, path)
    return data


def validate_round(round: RoundRef) -> list[Path]:
    """Validate every declared file; raises DataError at the first problem. Returns the validated paths."""
    return list(load_round(round).paths)


class Round:
    """Every table and YAML file of a round by name: round.tabel6_reorganisering or round['kilder']."""

    def __init__(self, folder: Path, items: dict):
        self.folder = folder
        self._items = items
        self.paths = [folder / (TABLES[n].file if n in TABLES else YAMLS[n].file) for n in items]

    def __getitem__(self, name: str):
        return self._items[name]

    def __getattr__(self, name: str):
        try:
            return self.__dict__["_items"][name]
        except KeyError:
            raise AttributeError(name) from None

    def __iter__(self):
        return iter(self._items)

    def __contains__(self, name) -> bool:
        return name in self._items


def load_round(round: RoundRef) -> Round:
    folder = round_dir(round)
    items: dict = {name: load_table(folder, name) for name, schema in TABLES.items()
                   if not (schema.optional and not (folder / schema.file).exists())}
    items.update({name: load_yaml(folder, name) for name in YAMLS})
    _check_targets(folder, items)
    if "opfoelgning" in items:
        check_followup(folder, items["opfoelgning"])
    return Round(folder, items)


def _declared(registry: dict, name: str, what: str):
    if name not in registry:
        raise DataError(f"unknown {what} '{name}'", expected="one of: " + ", ".join(registry),
                        hint="check the spelling, or declare the file in vvvanalysis/data")
    return registry[name]


def _check_references(folder: Path, schema, frame: pd.DataFrame, lines: list[int], path: Path) -> None:
    for col in schema.columns:
        if not col.references:
            continue
        table, column = col.references.split(".")
        allowed = set(load_table(folder, table)[column])
        for line, value in zip(lines, frame[col.name]):
            if value is not None and value not in allowed:
                meant = look_alike(value, sorted(allowed))
                raise DataError(f"unknown {table} key '{value}'" + (f": {difference(value, meant)}" if meant else ""),
                                file=path, row=line, column=col.name,
                                expected="one of: " + ", ".join(sorted(allowed)),
                                hint=f"write '{meant}'" if meant else f"add the source to {table}.csv or correct the key")


def _check_assessments(folder: Path, frame: pd.DataFrame) -> None:
    """An assessment without the section that states it (or the reverse) cannot be traced to the report."""
    for line, (_, row) in enumerate(frame.iterrows(), start=2):
        has_text, has_section = pd.notna(row.get("assessment")), pd.notna(row.get("assessment_section"))
        if has_text != has_section:
            missing = "assessment_section" if has_text else "assessment"
            raise DataError(f"criterion '{row['criterion_id']}' has an assessment without its section"
                            if has_text else f"criterion '{row['criterion_id']}' has a section without an assessment",
                            file=folder / "succeskriterier_status.csv", row=line, column=missing,
                            expected="both the evaluation's assessment and the section that states it, or neither",
                            hint="fill in the other column or empty both")


def _check_targets(folder: Path, items: dict) -> None:
    """The criteria's targets are written twice (our CSV, the qualitative YAML): they must agree."""
    _check_assessments(folder, items["succeskriterier_status"])
    status = items["succeskriterier_status"].set_index("criterion_id")
    for i, crit in enumerate(items["succeskriterier"]["succeskriterier"]):
        if crit["id"] not in status.index:
            raise DataError(f"criterion '{crit['id']}' has no row in succeskriterier_status.csv",
                            file=folder / "succeskriterier.yaml", column="id",
                            expected="one of: " + ", ".join(status.index), hint="use the same criterion ids")
        target = crit["target"] / 100 if "%" in crit["unit"] else crit["target"]
        if abs(target - status.at[crit["id"], "target"]) > 1e-9:
            raise DataError(f"target {crit['target']} of '{crit['id']}' differs from succeskriterier_status.csv "
                            f"({status.at[crit['id'], 'target']:g})", file=folder / "succeskriterier.yaml",
                            column="target", expected="the same target in both files (shares as 0..1 in the CSV)",
                            hint="correct the file that disagrees with the memo")


def check_followup(folder: Path, frame: pd.DataFrame) -> None:
    """opfoelgning.csv names recommendations of the round in round.yml's 'compare_with:' by their ids."""
    from vvvanalysis.config import load_config

    path = folder / TABLES["opfoelgning"].file
    previous = load_config(str(folder)).extra.get("compare_with")
    if not previous:
        raise DataError("the round follows up recommendations but names no previous round", file=folder / "round.yml",
                        column="compare_with", expected="compare_with: <round>, e.g. compare_with: midterm",
                        hint="add 'compare_with:' to round.yml or delete opfoelgning.csv")
    sibling = folder.parent / str(previous)
    known = [r["id"] for r in load_yaml(sibling if sibling.is_dir() else previous, "anbefalinger")["anbefalinger"]]
    _, lines = _parse_cached("opfoelgning", path, read_text(path))
    for line, rec_id in zip(lines, frame["recommendation_id"]):
        if rec_id not in known:
            raise DataError(f"unknown recommendation id '{rec_id}'", file=path, row=line, column="recommendation_id",
                            expected=f"an id of data/{previous}/anbefalinger.yaml: " + ", ".join(known),
                            hint="copy the id from the previous round's anbefalinger.yaml")
