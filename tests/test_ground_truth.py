"""The data reproduce the memo as printed, and changing any one number in the data breaks that."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest
from conftest import MIDTERM
from ground_truth_check import check

from vvvanalysis.data import TABLES
from vvvanalysis.errors import DataError

XDIST_SPREAD = True   # 100+ independent cases: either worker (tests/conftest.py)

NUMERIC = ("int", "float", "share")
# Every numeric cell with VVV_FULL_MUTATION=1 (~20 s); by default a broad sample (every column of every
# file, every other row plus the last) to keep the test run short.
FULL = os.environ.get("VVV_FULL_MUTATION") == "1"


def test_memo_is_reproduced_from_data():
    assert check(MIDTERM) == []


def _numeric_cells():
    for name, schema in TABLES.items():
        if schema.optional and not (MIDTERM / schema.file).exists():
            continue
        with open(MIDTERM / schema.file, encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
            for i, row in enumerate(rows):
                if not (FULL or i % 2 == 0 or i == len(rows) - 1):
                    continue
                for col in schema.columns:
                    if col.kind in NUMERIC and row[col.name] != "":
                        yield pytest.param(schema.file, i, col.name, id=f"{name}:{i + 2}:{col.name}")


def _bump(path: Path, index: int, column: str) -> None:
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields, rows = reader.fieldnames, list(reader)
    value = rows[index][column]
    rows[index][column] = str(int(value) + 1) if value.lstrip("-").isdigit() else str(float(value) + 1)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


@pytest.mark.parametrize("file, index, column", list(_numeric_cells()))
def test_changing_any_number_turns_a_check_red(tmp_path, monkeypatch, file, index, column):
    monkeypatch.setenv("VVV_ROOT", str(tmp_path))   # a round is a name under data/ of the project
    folder = tmp_path / "data" / "midterm"
    folder.mkdir(parents=True)
    for source in MIDTERM.iterdir():  # the round's own files are enough and faster than copytree
        if source.is_file():
            (folder / source.name).write_bytes(source.read_bytes())
    _bump(folder / file, index, column)
    try:
        failures = check(folder)
    except DataError:
        return  # the schema already rejects the change (e.g. counts adding up to more than n)
    assert failures, f"+1 in {file} line {index + 2} column {column} went unnoticed"
