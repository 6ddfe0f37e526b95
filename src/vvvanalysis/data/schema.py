"""A small table-schema layer (instead of pandera).

Why not pandera: `import pandera.pandas` costs ~0.3-0.5 s on top of pandas (CLI start-up matters), and its
errors name positional indices, whereas users need the line number they see in Excel. This module checks
cell by cell and raises ONE DataError at the first problem.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field

import pandas as pd

from vvvanalysis.data.characters import difference, look_alike
from vvvanalysis.data.readers import MAX_MAGNITUDE, CsvRows
from vvvanalysis.errors import DataError

KINDS = ("str", "int", "float", "share", "date", "bool")
TRUE = {"true", "sand", "ja", "1"}
FALSE = {"false", "falsk", "nej", "0"}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# '7.173' as Danish Excel may write it; a group never follows a leading 0 ('0.360' is a decimal, not 360)
THOUSANDS = re.compile(r"^-?[1-9]\d{0,2}(\.\d{3})+$")
DANISH_NUMBER = re.compile(r"^-?[1-9]\d{0,2}(\.\d{3})+(,\d+)?$")  # '7.000' or '7.000,5'


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = "str"
    required: bool = True  # False: the cell may be empty
    categories: tuple[str, ...] | None = None
    minimum: float | None = None
    references: str | None = None  # "table.column" whose values this column must use

    def __post_init__(self):
        assert self.kind in KINDS, self.kind


@dataclass(frozen=True)
class TableSchema:
    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    count_within: tuple[tuple[str, str], ...] = ()  # (count column, n column): count <= n per row
    in_order: tuple[tuple[str, str], ...] = ()  # (first, last): both or neither filled, first <= last per row
    # Mutually exclusive answers: per group of these columns, the counts add up to at most n.
    exclusive_groups: tuple[str, ...] | None = None
    filename: str = field(default="")
    # Only some rounds have the file (e.g. the follow-up of the previous round's recommendations):
    # a missing file is skipped by load_round/validate_round; a present one is validated as usual.
    optional: bool = False

    @property
    def file(self) -> str:
        return self.filename or f"{self.name}.csv"

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def text(name, **kw) -> Column:
    return Column(name, "str", **kw)


def count(name, **kw) -> Column:
    return Column(name, "int", minimum=0, **kw)


def enum(name, *categories, **kw) -> Column:
    return Column(name, "str", categories=tuple(categories), **kw)


def parse_table(schema: TableSchema, raw: CsvRows) -> tuple[pd.DataFrame, list[int]]:
    """The typed table and, per row, its line in the file (kept out of DataFrame.attrs: pandas deep-copies
    attrs on every operation, which made indicators several times slower)."""
    _check_header(schema, raw)
    values: dict[str, list] = {c.name: [] for c in schema.columns}
    seen: dict[tuple, int] = {}
    sep = ";" if raw.decimal_comma else ","
    for line, row_cells in raw.rows:
        if len(row_cells) != len(raw.header):
            raise DataError(f"the row has {len(row_cells)} cells but the header has {len(raw.header)}",
                            file=raw.path, row=line, expected=f"{len(raw.header)} cells separated by '{sep}'",
                            hint="put text containing the separator in double quotes, or remove the stray separator")
        cells = dict(zip(raw.header, row_cells))
        for col in schema.columns:
            values[col.name].append(_parse_cell(col, cells[col.name], raw, line))
        row = {name: vals[-1] for name, vals in values.items()}
        _check_row(schema, row, raw, line)
        _check_order(schema, row, raw, line)
        key = tuple(row[k] for k in schema.key)
        if key in seen:
            raise DataError(
                f"duplicate key {dict(zip(schema.key, key))} (first on line {seen[key]})",
                file=raw.path, row=line, column=schema.key[-1],
                expected=f"each combination of {', '.join(schema.key)} only once",
                hint="delete the repeated row or correct its key",
            )
        seen[key] = line
    frame = pd.DataFrame({c.name: _series(c, values[c.name]) for c in schema.columns})
    lines = [line for line, _ in raw.rows]
    _check_groups(schema, frame, raw, lines)
    return frame, lines


def _check_header(schema: TableSchema, raw: CsvRows) -> None:
    expected = [c.name for c in schema.columns]
    for number, name in enumerate(raw.header, start=1):
        if not name:
            raise DataError(f"column {number} has no name in the header", file=raw.path, row=raw.header_line,
                            expected="columns " + ", ".join(expected),
                            hint="name the column, or delete it if it is empty")
        first = raw.header.index(name) + 1
        if first != number:
            raise DataError(f"the column '{name}' appears twice in the header (columns {first} and {number})",
                            file=raw.path, row=raw.header_line, column=name, expected="each column once",
                            hint=f"delete the repeated column '{name}', or rename it if it holds something else")
    for name in expected:
        if name not in raw.header:
            unknown = [h for h in raw.header if h not in expected]
            hint = f"rename column '{unknown[0]}' to '{name}'" if unknown else f"add the column '{name}'"
            raise DataError(f"column '{name}' is missing", file=raw.path, row=raw.header_line, column=name,
                            expected="columns " + ", ".join(expected), hint=hint)
    for name in raw.header:
        if name not in expected:
            raise DataError(f"unknown column '{name}'", file=raw.path, row=raw.header_line, column=name,
                            expected="only columns " + ", ".join(expected),
                            hint="remove the column or declare it in vvvanalysis/data/tables.py")


def _fail(raw, line, col, message, expected, hint):
    raise DataError(message, file=raw.path, row=line, column=col.name, expected=expected, hint=hint)


def _parse_cell(col: Column, cell: str, raw: CsvRows, line: int):
    if cell == "":
        if col.required:
            _fail(raw, line, col, "the cell is empty", f"a {_describe(col)}", "fill in the value")
        return None
    parse = {"str": _parse_str, "int": _parse_int, "float": _parse_float, "share": _parse_float,
             "date": _parse_date, "bool": _parse_bool}[col.kind]
    value = parse(col, cell, raw, line)
    if col.minimum is not None and value < col.minimum:
        _fail(raw, line, col, f"{value} is negative", f"a number >= {col.minimum:g}",
              "counts cannot be negative; correct the value")
    if col.kind == "share" and not 0 <= value <= 1:
        _fail(raw, line, col, f"share {cell} is outside 0..1", "a share between 0 and 1 (0.36 for 36 %)",
              "write shares as fractions; a share above 100 % is impossible")
    return value


def _parse_str(col, cell, raw, line):
    value = " ".join(cell.split())  # stray and doubled whitespace from copy-paste
    if col.categories is not None and value not in col.categories:
        meant = look_alike(value, col.categories)
        _fail(raw, line, col, f"unknown category '{value}'" + (f": {difference(value, meant)}" if meant else ""),
              "one of: " + ", ".join(col.categories),
              f"write '{meant}'" if meant else "correct the spelling or add the category to the schema")
    return value


def _parse_int(col, cell, raw, line):
    text = cell.replace(".", "") if raw.decimal_comma and THOUSANDS.match(cell) else cell
    try:
        value = int(text)
    except ValueError:   # also a number with thousands of digits (Python refuses to convert it)
        if raw.decimal_comma and _dot_decimal(cell):
            _fail(raw, line, col, f"'{cell[:40]}': '.' is not the decimal mark in a ';' file",
                  "a whole number such as 42 ('.' only between thousands: 7.173)",
                  "write the whole number; in a ';'-separated file '.' only groups thousands")
        _fail(raw, line, col, f"'{cell[:40]}' is not a whole number", "a whole number such as 42",
              "remove text, units, '%' or decimals from the cell")
    if abs(value) > MAX_MAGNITUDE:
        _fail(raw, line, col, f"{cell[:40]} is too large", f"a whole number below {MAX_MAGNITUDE:.0e}",
              "check the value against the source")
    return value


def _parse_float(col, cell, raw, line):
    text = cell
    if raw.decimal_comma:
        # Danish: ',' is the decimal mark and '.' only groups thousands ('7.000,5'). A '.' anywhere else
        # ('0.36' in a ';' file) is ambiguous, and '7.000' read as 7.0 would be a plausible wrong number.
        # A share is never above 1, so '0.360' or '1.000' in a share column is a '.' decimal, not thousands.
        if "." in cell and (not DANISH_NUMBER.match(cell) or col.kind == "share"):
            _fail(raw, line, col, f"'{cell[:40]}': '.' is not the decimal mark in a ';' file",
                  "a number with ',' as decimal mark, e.g. 0,36",
                  "in a ';'-separated file write decimals with ',' (as Danish Excel does) and '.' only "
                  "between thousands")
        text = cell.replace(".", "").replace(",", ".")
    mark = "," if raw.decimal_comma else "."
    try:
        value = float(text)
    except ValueError:
        _fail(raw, line, col, f"'{cell[:40]}' is not a number", f"a number with '{mark}' as decimal mark",
              "remove text, units or '%' from the cell")
    # float() reads 'nan', 'inf', 'Infinity' and turns '1e999' into infinity: none is a count, share or target.
    if not math.isfinite(value) or abs(value) > MAX_MAGNITUDE:
        _fail(raw, line, col, f"'{cell[:40]}' is not a finite number of a sensible size",
              f"a number with '{mark}' as decimal mark, below {MAX_MAGNITUDE:.0e}",
              "write the real value (NaN and infinity are not numbers of the report)")
    return value


def _dot_decimal(cell: str) -> bool:
    """'7.5', '0.36', '-1.25': a number written with '.' as its decimal mark (not '7.173', thousands)."""
    return bool(re.match(r"^-?\d+\.\d+$", cell)) and not THOUSANDS.match(cell)


def _parse_date(col, cell, raw, line):
    try:
        if not ISO_DATE.match(cell):
            raise ValueError
        return dt.date.fromisoformat(cell)
    except ValueError:
        _fail(raw, line, col, f"'{cell}' is not a valid date", "an ISO date YYYY-MM-DD, e.g. 2021-05-01",
              "format the column in Excel as ÅÅÅÅ-MM-DD (a month is written as its 1st day)")


def _parse_bool(col, cell, raw, line):
    low = cell.lower()
    if low in TRUE:
        return True
    if low in FALSE:
        return False
    _fail(raw, line, col, f"'{cell}' is not true/false", "true or false", "write true or false")


def _describe(col: Column) -> str:
    return {"str": "text", "int": "whole number", "float": "number", "share": "share between 0 and 1",
            "date": "date YYYY-MM-DD", "bool": "true/false"}[col.kind]


def _check_row(schema: TableSchema, row: dict, raw: CsvRows, line: int) -> None:
    for count_col, n_col in schema.count_within:
        c, n = row[count_col], row[n_col]
        if c is not None and n is not None and c > n:
            raise DataError(f"count {c} is larger than its n = {n}", file=raw.path, row=line, column=count_col,
                            expected=f"a count between 0 and {n_col} ({n})",
                            hint=f"check '{count_col}' and '{n_col}' against the source")


def _check_order(schema: TableSchema, row: dict, raw: CsvRows, line: int) -> None:
    for first, last in schema.in_order:
        a, b = row[first], row[last]
        if (a is None) != (b is None):
            empty = first if a is None else last
            raise DataError(f"'{empty}' is empty but '{last if a is None else first}' is filled", file=raw.path,
                            row=line, column=empty, expected=f"both '{first}' and '{last}' or neither",
                            hint=f"fill in '{empty}' or empty both")
        if a is not None and a > b:
            raise DataError(f"'{first}' ({a}) is after '{last}' ({b})", file=raw.path, row=line, column=first,
                            expected=f"'{first}' no later than '{last}'", hint="swap the two values")


def _check_groups(schema: TableSchema, frame: pd.DataFrame, raw: CsvRows, lines: list[int]) -> None:
    if schema.exclusive_groups is None:
        return
    groups = frame.groupby(list(schema.exclusive_groups)) if schema.exclusive_groups else [((), frame)]
    for _, part in groups:
        total, n = part["count"].sum(), part["n"].iloc[0]
        differs = part.index[part["n"] != n]
        if len(differs):
            raise DataError(f"n = {part.at[differs[0], 'n']} differs from n = {n} of the other answers to this "
                            "question", file=raw.path, row=lines[differs[0]], column="n",
                            expected="one n per question (the number who answered it)",
                            hint="these answers exclude each other and share one n; correct n against the source")
        if total > n:
            line = lines[part.index[-1]]
            raise DataError(f"the answers add up to {total} but n = {n}", file=raw.path, row=line, column="count",
                            expected="one n per question and counts adding up to at most n",
                            hint="these answers exclude each other; check the counts and n against the source")


def _series(col: Column, values: list) -> pd.Series:
    if col.kind == "int":
        return pd.Series(values, dtype="Int64" if None in values else "int64")
    if col.kind in ("float", "share"):
        return pd.Series(values, dtype="float64")
    if col.kind == "date":
        return pd.Series(pd.to_datetime(values))
    if col.kind == "bool":
        return pd.Series(values, dtype="boolean" if None in values else "bool")
    return pd.Series(values, dtype="object")
