"""`vvv import`: respondent-level raw exports -> the round's aggregate tables, declared in import.yml.

Raw files hold personal data, so they live outside git: data/<round>/raw/ (ignored) or $VVV_RAW_DIR/<round>/.
Each table written starts with '#' provenance lines (raw file SHA-256, import.yml SHA-256, import time from
SOURCE_DATE_EPOCH or the last commit), so the same raw files give the same bytes and `vvv render` can tell
whether an import is due. Everything is checked before anything is written: a fault leaves every table as
it was.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
from dataclasses import dataclass
from pathlib import Path

from vvvanalysis.data.readers import parse_csv_text
from vvvanalysis.data.schema import parse_table
from vvvanalysis.data.tables import TABLES
from vvvanalysis.errors import ConfigError, DataError
from vvvanalysis.config import load_config
from vvvanalysis.importer import records
from vvvanalysis.importer.answers import collect, rows
from vvvanalysis.importer.declaration import DECLARATION, Declaration, Source, load_declaration
from vvvanalysis.importer.raw import read_labels, read_sheet
from vvvanalysis.paths import round_dir
from vvvanalysis.provenance import source_epoch

RAW_ENV = "VVV_RAW_DIR"
MARK = "# vvv import:"


@dataclass(frozen=True)
class ImportResult:
    written: list[Path]      # tables (and citater.yaml / the review file) whose bytes changed
    unchanged: list[Path]
    review: Path | None      # the free-text review file, when a source offers quotes


def raw_dir(folder: Path) -> Path:
    """$VVV_RAW_DIR/<round>/ when the variable is set (e.g. a folder on an encrypted drive), else data/<round>/raw/."""
    env = os.environ.get(RAW_ENV)
    return Path(env) / folder.name if env else folder / "raw"


def has_import(round_name) -> bool:
    return (round_dir(round_name) / DECLARATION).is_file()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def import_time(folder: Path) -> str:
    """SOURCE_DATE_EPOCH, else the last commit's time, else the round's report date: never the clock."""
    epoch = source_epoch(load_config(str(folder)).report_date)
    return dt.datetime.fromtimestamp(epoch, tz=dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def provenance(source: Source, raw_hash: str, decl: Declaration, when: str) -> list[str]:
    return [f"{MARK} written by 'vvv import' from a raw export; edit the export or import.yml, not this file",
            f"# raw: {source.file} sha256 {raw_hash}",
            f"# declaration: {DECLARATION} sha256 {decl.sha256}",
            f"# imported: {when}"]


def _stale(table_path: Path, source: Source, raw_hash: str, decl: Declaration) -> bool:
    if not table_path.is_file():
        return True
    head = table_path.read_text(encoding="utf-8-sig").splitlines()[:3]
    return head[1:3] != provenance(source, raw_hash, decl, "")[1:3] if head and head[0].startswith(MARK) else True


def needs_import(round_name) -> bool:
    """True when the round declares an import, its raw folder exists, and a raw file or import.yml changed
    since the tables were written. A round without raw files works from its committed tables."""
    folder = round_dir(round_name)
    if not (folder / DECLARATION).is_file() or not raw_dir(folder).is_dir():
        return False
    decl = load_declaration(folder / DECLARATION)
    raw = raw_dir(folder)
    for source in decl.sources.values():
        path = raw / source.file
        if not path.is_file():
            return True   # the import names the missing file
        digest = sha256(path)
        if any(_stale(folder / TABLES[t].file, source, digest, decl) for t in source.tables):
            return True
    return False


def import_round(round_name, *, progress=lambda message: None) -> ImportResult:
    folder = round_dir(round_name)
    path = folder / DECLARATION
    if not path.is_file():
        raise ConfigError("the round declares no import", file=path,
                          expected="data/<round>/import.yml naming each raw export and the tables it produces",
                          hint="write import.yml as docs/import.md describes, or keep editing the round's tables")
    decl = load_declaration(path)
    raw = raw_dir(folder)
    if not raw.is_dir():
        raise DataError("the raw folder is missing", file=raw, expected="a folder with the raw exports import.yml names",
                        hint=f"put the exports in {raw} (ignored by git) or set {RAW_ENV} to the folder holding "
                             f"'{folder.name}/'")
    when = import_time(folder)
    config = load_config(str(folder))
    period = (config.period_start, config.period_end)   # a record dated outside it is an error
    tables: dict[Path, str] = {}
    answers_by_source = {}
    for source in decl.sources.values():
        progress(f"reading {source.file}")
        file = raw / source.file
        sheet = read_sheet(file, source.sheet)
        labels = _labels(raw, source, file)
        digest = sha256(file)
        if source.kind == "records":
            found = records.collect(sheet, source, labels, period)
        else:
            answers = collect(sheet, source, labels)
            answers_by_source[source.name] = (sheet, answers)
        for table, parts in source.tables.items():
            out = []
            for i, part in enumerate(parts, start=1):
                if source.kind == "records":
                    out.extend(records.rows(part, source.fields, found, sheet, f"import.yml, {table} part {i}"))
                else:
                    out.extend(rows(part, source.questions[part.question], answers[part.question]))
            target = folder / TABLES[table].file
            tables[target] = _csv_text(table, out, provenance(source, digest, decl, when), source)
    from vvvanalysis.importer.quotes import update_quotes

    quote_files, review = update_quotes(folder, raw, decl, answers_by_source)
    tables.update(quote_files)
    written, unchanged = [], []
    for target, text in tables.items():   # everything is checked: now write, each file atomically
        if target.is_file() and target.read_text(encoding="utf-8") == text:
            unchanged.append(target)
            continue
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.write_text(text, encoding="utf-8", newline="")
        os.replace(tmp, target)
        written.append(target)
    return ImportResult(written, unchanged, review)


def _labels(raw: Path, source: Source, file: Path) -> dict[str, dict[str, str]]:
    if source.labels_sheet:
        return read_labels(read_sheet(file, source.labels_sheet))
    if source.labels_file:
        return read_labels(read_sheet(raw / source.labels_file, None))
    return {}


def _csv_text(table: str, out_rows: list[dict[str, str]], header: list[str], source: Source) -> str:
    schema = TABLES[table]
    columns = [c.name for c in schema.columns]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in out_rows:
        writer.writerow([row[c] for c in columns])
    body = buffer.getvalue()
    target = Path(schema.file)
    try:   # the table must pass the same schema the pipeline reads it with
        parse_table(schema, parse_csv_text(target, body))
    except DataError as exc:
        raise DataError(f"the import of '{source.name}' would write an invalid {schema.file}: {exc.message}",
                        file=f"{DECLARATION} (sources.{source.name}.tables.{table})", row=exc.row, column=exc.column,
                        expected=exc.expected,
                        hint="make the categories in import.yml match the table's categories") from None
    return "\n".join(header) + "\n" + body
