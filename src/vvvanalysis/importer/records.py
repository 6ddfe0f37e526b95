"""Record sources: monitoring extracts (Podio) with one row per record -> tables that count records per group.

A survey source answers questions per respondent; a monitoring extract instead holds one row per kommune,
housing area, course registration or match, with status fields and dates. Its tables are made by filtering
the records (`where`), grouping them by fields (`group`) and counting the rows of each group (`count`), or,
without `count`, by listing each distinct group once (a register such as the housing-area cooperations).

    podio_kommuner:
      kind: records
      file: podio_kommuner.csv
      id: Record-ID                       # one row per record: a repeated id is an error
      fields:
        opgjort: {column: Opgjort, kind: date}        # must lie in the round's period (round.yml)
        status: {column: Status, codes: {Til stede: til_stede, …}}   # an unknown status is an error
        kommune: {column: Kommune}                     # text: any non-empty cell
        aar: {from: opgjort, period: year}             # derived: the year of a date field
      tables:
        kommune_tilstedevaerelse:
          - where: {opgjort: [2022-11-01], status: [til_stede]}
            group: {date: opgjort, measure: status}    # output column <- field
            sort: [status]                             # default: first appearance in the export
            count: count
            values: {source: podio, …}                 # fixed cells of every row
          - rows: [{…}]                                # rows quoted from a published source, not the export

Every declared field is read from every row and checked (empty cell, unknown code, a date that is not a
date or lies outside the round's period) before anything is counted, so a fault names file, sheet, row and
column however the tables filter.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from vvvanalysis.data.tables import TABLES
from vvvanalysis.importer.raw import RawExport, RawSheet, check_ids, code_text, need

FIELD_KINDS = ("text", "code", "date", "year")
SOURCE_KEYS = {"kind", "description", "file", "sheet", "id", "labels_sheet", "labels_file", "fields", "tables"}
PART_KEYS = {"where", "group", "sort", "count", "values", "rows"}
DANISH_DATE = re.compile(r"^(\d{1,2})[-./](\d{1,2})[-./](\d{4})$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00)?)?$")


@dataclass(frozen=True)
class Field:
    name: str
    kind: str                          # text, code, date or year (the year of the date field `source`)
    column: str | None                 # the export's column (None for a derived year)
    codes: dict[str, str]              # code: raw value (or label) -> category, in the categories' order
    source: str | None = None          # year: the date field it is derived from

    @property
    def categories(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.codes.values()))

    def order(self, value: str):
        """Sort key of a value: a code by its declared order, a year by number, text and ISO dates as text."""
        if self.kind == "code":
            return (self.categories.index(value), "")
        if self.kind == "year":
            return (int(value), "")
        return (0, value)


@dataclass(frozen=True)
class RecordPart:
    where: dict[str, tuple[str, ...]]  # field -> the values a record must have to count
    group: dict[str, str]              # output column -> field
    sort: tuple[str, ...]              # fields the groups are sorted by (stable: first appearance breaks ties)
    count: str | None                  # output column of the number of records; None: one row per group
    values: dict[str, str]             # fixed cells of every row
    rows: tuple[dict[str, str], ...]   # fixed rows (quoted from a published source), instead of records


@dataclass(frozen=True)
class RecordSource(RawExport):
    fields: dict[str, Field]
    tables: dict[str, tuple[RecordPart, ...]]
    quotes: None = None
    kind: str = "records"


@dataclass(frozen=True)
class Record:
    line: int
    values: dict[str, str]             # field -> value (category, ISO date, year or text)


# --- the declaration -------------------------------------------------------------------------------------

def parse_source(path, name, spec) -> RecordSource:
    """A `kind: records` entry of import.yml (dispatched here by declaration.py)."""
    where = f"sources.{name}"
    unknown = sorted(set(spec) - SOURCE_KEYS)
    need(not unknown, path, f"{where}.{unknown[0] if unknown else ''}", "only " + ", ".join(sorted(SOURCE_KEYS)),
         "remove the key or correct its spelling")
    need(isinstance(spec.get("fields"), dict) and spec["fields"], path, f"{where}.fields",
         "a mapping of field names to their columns", "write e.g. fields: {status: {column: Status, codes: {…}}}")
    fields = {f: _field(path, f"{where}.fields.{f}", f, fs) for f, fs in spec["fields"].items()}
    for f in fields.values():
        if f.kind == "year":
            need(f.source in fields and fields[f.source].kind == "date", path, f"{where}.fields.{f.name}.from",
                 "a date field of the same source", "name a field declared with kind: date")
    need(isinstance(spec.get("tables"), dict) and spec["tables"], path, f"{where}.tables",
         "a mapping of round tables to their parts", "see docs/import.md")
    tables = {t: _parts(path, f"{where}.tables.{t}", t, ps, fields) for t, ps in spec["tables"].items()}
    return RecordSource(name, spec["file"], spec.get("sheet"), spec["id"], spec.get("labels_sheet"),
                        spec.get("labels_file"), fields, tables)


def _field(path, where, name, spec) -> Field:
    need(isinstance(spec, dict), path, where, "a mapping with column (and kind or codes)",
         "write e.g. status: {column: Status, codes: {Aktiv: aktiv}}")
    if "from" in spec:
        need(spec.get("period") == "year" and set(spec) == {"from", "period"}, path, where,
             "{from: <date field>, period: year}", "write e.g. aar: {from: dato, period: year}")
        return Field(name, "year", None, {}, source=str(spec["from"]))
    kind = spec.get("kind", "code" if "codes" in spec else "text")
    need(kind in ("text", "code", "date") and set(spec) <= {"column", "kind", "codes"}, path, f"{where}.kind",
         "kind text, code (with codes) or date, or {from: <date field>, period: year}", "write e.g. kind: date")
    need(isinstance(spec.get("column"), str), path, f"{where}.column", "the export's column holding the field",
         "write e.g. column: Status")
    codes = {}
    if kind == "code":
        need(isinstance(spec.get("codes"), dict) and spec["codes"], path, f"{where}.codes",
             "a mapping of raw value (or label) to category", "write e.g. codes: {Aktiv: aktiv, Afsluttet: afsluttet}")
        codes = {code_text(k): code_text(v) for k, v in spec["codes"].items()}
    return Field(name, kind, spec["column"], codes)


def _parts(path, where, table, spec, fields) -> tuple[RecordPart, ...]:
    need(table in TABLES, path, where, "a table of the round (" + ", ".join(TABLES) + ")", "correct the table name")
    items = spec if isinstance(spec, list) else [spec]
    schema_columns = [c.name for c in TABLES[table].columns]
    parts = []
    for i, item in enumerate(items, start=1):
        at = f"{where}[{i}]" if isinstance(spec, list) else where
        need(isinstance(item, dict) and not set(item) - PART_KEYS, path, at,
             "a part with where, group, sort, count, values (or rows)", "see docs/import.md")
        if "rows" in item:
            need(set(item) == {"rows"} and isinstance(item["rows"], list) and item["rows"], path, f"{at}.rows",
                 "rows: a list of complete rows (and nothing else in the part)", "move the other keys to their own part")
            rows = []
            for row in item["rows"]:
                need(isinstance(row, dict) and sorted(map(str, row)) == sorted(schema_columns), path, f"{at}.rows",
                     f"each row with exactly the columns of {table}.csv: {', '.join(schema_columns)}",
                     "write every column of the table once")
                rows.append({str(k): code_text(v) for k, v in row.items()})
            parts.append(RecordPart({}, {}, (), None, {}, tuple(rows)))
            continue
        filters = item.get("where") or {}
        need(isinstance(filters, dict) and all(f in fields for f in filters), path, f"{at}.where",
             "where: {<field>: [<value>, …]} naming declared fields", "name a field declared under fields")
        where_values = {}
        for f, wanted in filters.items():
            wanted = tuple(code_text(v) for v in (wanted if isinstance(wanted, list) else [wanted]))
            if fields[f].kind == "code":
                bad = [v for v in wanted if v not in fields[f].categories]
                need(not bad, path, f"{at}.where.{f}", f"categories of '{f}': {', '.join(fields[f].categories)}",
                     f"correct the category '{bad[0] if bad else ''}'")
            elif fields[f].kind in ("date", "year"):   # a mistyped date would silently match no record
                pattern = ISO_DATE if fields[f].kind == "date" else re.compile(r"^\d{4}$")
                bad = [v for v in wanted if not pattern.match(v) or (fields[f].kind == "date" and _date(v) is None)]
                need(not bad, path, f"{at}.where.{f}",
                     "ISO dates such as 2022-11-01" if fields[f].kind == "date" else "years such as 2021",
                     f"correct '{bad[0] if bad else ''}'")
            where_values[f] = wanted
        group = item.get("group") or {}
        need(isinstance(group, dict) and all(g in fields for g in group.values()), path, f"{at}.group",
             "group: {<output column>: <field>}", "name a field declared under fields")
        sort = tuple(item.get("sort") or ())
        need(all(s in group.values() for s in sort), path, f"{at}.sort", "fields that the part groups by",
             "sort only by fields named under group")
        values = {str(k): code_text(v) for k, v in (item.get("values") or {}).items()}
        count = item.get("count")
        given = [*group, *values, *([count] if count else [])]
        for col in given:
            need(col in schema_columns and given.count(col) == 1, path, at,
                 f"columns of {table}.csv, each once: {', '.join(schema_columns)}", f"remove or rename '{col}'")
        for col in schema_columns:
            need(col in given, path, at, f"every column of {table}.csv filled ({col} is not)",
                 f"add '{col}' under values:, group: or as count:")
        parts.append(RecordPart(where_values, {str(k): str(v) for k, v in group.items()}, sort, count, values, ()))
    return tuple(parts)


# --- the export -------------------------------------------------------------------------------------------

def collect(sheet: RawSheet, source: RecordSource, labels, period: tuple[dt.date, dt.date]) -> list[Record]:
    """Every record with its checked field values, in the export's order."""
    sheet.require_columns([source.id_column], "record-id")
    sheet.require_columns([f.column for f in source.fields.values() if f.column], "field")
    check_ids(sheet, source.id_column, "record")
    records = []
    for line, cells in sheet.rows:
        values = {}
        for f in source.fields.values():
            if f.kind != "year":
                values[f.name] = _value(sheet, f, line, cells[f.column], labels, period)
        for f in source.fields.values():
            if f.kind == "year":
                values[f.name] = values[f.source][:4]
        records.append(Record(line, values))
    return records


def _value(sheet: RawSheet, f: Field, line: int, cell: str, labels, period) -> str:
    if cell == "":
        sheet.fail(f"the field '{f.name}' is empty", row=line, column=f.column,
                   expected="a value in every record", hint="fill in the field in Podio and export again")
    if f.kind == "text":
        return cell
    if f.kind == "date":
        day = _date(cell)
        if day is None:
            sheet.fail(f"'{cell}' is not a date", row=line, column=f.column,
                       expected="a date such as 2022-11-01 or 01-11-2022", hint="export the column as a date")
        start, end = period
        if not start <= day <= end:
            sheet.fail(f"the date {day.isoformat()} lies outside the round's period", row=line, column=f.column,
                       expected=f"a date from {start.isoformat()} to {end.isoformat()} (round.yml period_start/"
                                f"period_end)", hint="export only the round's period, or correct the date")
        return day.isoformat()
    key = cell
    if f.column in labels:
        if cell not in labels[f.column]:
            sheet.fail(f"unknown code '{cell}'", row=line, column=f.column,
                       expected="one of the codes in the value labels: " + ", ".join(labels[f.column]),
                       hint="export the value labels again with the data, or correct the record")
        key = labels[f.column][cell]
    if key not in f.codes:
        sheet.fail(f"unknown status '{key}'" if key == cell else f"unknown status '{key}' (code {cell})",
                   row=line, column=f.column, expected=f"one of: {', '.join(f.codes)}",
                   hint=f"add the status to 'codes:' of '{f.name}' in import.yml, or correct the record")
    return f.codes[key]


def _date(cell: str) -> dt.date | None:
    for pattern, order in ((ISO_DATE, (0, 1, 2)), (DANISH_DATE, (2, 1, 0))):
        m = pattern.match(cell)
        if m:
            y, mo, d = (int(m.group(i + 1)) for i in order)
            try:
                return dt.date(y, mo, d)
            except ValueError:
                return None
    return None


def rows(part: RecordPart, fields: dict[str, Field], records: list[Record], sheet: RawSheet,
         where: str) -> list[dict[str, str]]:
    """The rows one part contributes to its table, as cell texts keyed by output column. A filtered part that
    no record matches is an error: the extract is of another period, or the declaration names a wrong value."""
    if part.rows:
        return [dict(r) for r in part.rows]
    counts: dict[tuple[str, ...], int] = {}        # insertion order: first appearance in the export
    for record in records:
        if all(record.values[f] in wanted for f, wanted in part.where.items()):
            key = tuple(record.values[f] for f in part.group.values())
            counts[key] = counts.get(key, 0) + 1
    if not counts and part.where:
        wanted = " and ".join(f"{f} {'/'.join(v)}" for f, v in part.where.items())
        sheet.fail(f"no record has {wanted} ({where})", column=", ".join(fields[f].column or fields[f].source
                                                                          for f in part.where),
                   expected="at least one record for every part of import.yml",
                   hint="check that the extract covers the period, or remove the part from import.yml")
    position = {f: i for i, f in enumerate(part.group.values())}
    keys = sorted(counts, key=lambda k: [fields[f].order(k[position[f]]) for f in part.sort])
    out = []
    for key in keys:
        row = dict(part.values)
        row.update(zip(part.group, key))
        if part.count:
            row[part.count] = str(counts[key])
        out.append(row)
    return out
