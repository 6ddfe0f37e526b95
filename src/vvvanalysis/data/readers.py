"""Raw reading of data files: bytes -> rows with spreadsheet line numbers. No type checks here.

Danish-Excel variants are decided here, deliberately:
- UTF-8 with BOM ("CSV UTF-8" in Excel) is accepted.
- ';' as separator with decimal comma (Danish Excel's plain "CSV") is accepted.
- Non-UTF-8 bytes (cp1252/latin-1) are rejected: guessing the code page silently corrupts æ/ø/å.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import yaml

from vvvanalysis.errors import DataError
from vvvanalysis.tracking import record_read

SAVE_AS_UTF8 = "open the file in Excel and save it with 'Gem som' -> 'CSV UTF-8 (kommasepareret)'"


@dataclass(frozen=True)
class CsvRows:
    path: Path
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (line number as a spreadsheet user sees it, cells)
    decimal_comma: bool
    header_line: int = 1   # after the '#' provenance lines an imported table starts with


def read_text(path: Path) -> str:
    if not path.is_file():
        raise DataError(
            "file is missing",
            file=path,
            expected=f"a file named '{path.name}' in {path.parent}",
            hint="restore it from git or create it as its schema in vvvanalysis/data describes",
        )
    record_read(path)
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(
            f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x} is not valid UTF-8; probably saved as Windows-1252/latin-1)",
            file=path,
            row=line,
            expected="UTF-8 text",
            hint=SAVE_AS_UTF8,
        ) from None


def read_csv_rows(path: Path) -> CsvRows:
    return parse_csv_text(path, read_text(path))


def parse_csv_text(path: Path, text: str) -> CsvRows:
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        raise DataError("the file is empty", file=path, expected="a header row and at least one data row",
                        hint="restore the file from git")
    # Tables written by `vvv import` start with '#' lines saying what they were made from (never data).
    skipped = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
    if skipped:
        text = "\n".join(lines[skipped:]) + "\n"
        lines = lines[skipped:]
        if not any(line.strip() for line in lines):
            raise DataError("the file has only '#' comment lines", file=path, expected="a header row after them",
                            hint="restore the file from git or run 'vvv import' again")
    first = lines[0]
    # Danish Excel writes ';' because ',' is the decimal mark; a header with ';' and no ',' is that dialect.
    semicolon = ";" in first and "," not in first
    reader = csv.reader(io.StringIO(text), delimiter=";" if semicolon else ",")
    header = [cell.strip() for cell in next(reader)]
    rows: list[tuple[int, list[str]]] = []
    for cells in reader:
        line = reader.line_num + skipped
        if not any(cell.strip() for cell in cells):
            continue  # blank lines (Excel often leaves one at the end)
        rows.append((line, [cell.strip() for cell in cells]))  # width is checked after the header
    if not rows:
        raise DataError("the file has a header but no data rows", file=path, row=1 + skipped,
                        expected="at least one data row", hint="add the data rows or restore the file from git")
    return CsvRows(path, header, rows, decimal_comma=semicolon, header_line=1 + skipped)


def read_yaml(path: Path):
    """Returns (data, root node); the node carries line numbers for error messages."""
    text = read_text(path)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DataError(
            f"the YAML cannot be parsed: {getattr(exc, 'problem', exc)}",
            file=path,
            row=mark.line + 1 if mark else None,
            expected="valid YAML",
            hint="check indentation and quote text containing ':' or '#'",
        ) from None
    if data is None:
        raise DataError("the file is empty", file=path, expected="a YAML mapping", hint="restore the file from git")
    return data, node
