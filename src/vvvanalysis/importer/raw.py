"""Reading raw exports as survey tools write them: xlsx sheets or CSV (Danish Excel dialects included).

Every cell becomes text, so a code is the same whether the tool wrote 1, 1.0, '1' or '1,0'. Row numbers
are the ones the evaluator sees in Excel (the header is row 1).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from vvvanalysis.data.readers import parse_csv_text, read_text
from vvvanalysis.errors import ConfigError, DataError

WHOLE = re.compile(r"^-?\d+(?:[.,]0+)?$")
LABEL_COLUMNS = ("variable", "value", "label")


@dataclass(frozen=True)
class RawSheet:
    path: Path
    sheet: str | None
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]   # (row as Excel shows it, column -> cell text)

    @property
    def where(self) -> str:
        """The file as errors name it: with its sheet for a workbook."""
        return f"{self.path} (sheet '{self.sheet}')" if self.sheet else str(self.path)

    def fail(self, message: str, *, row=None, column=None, expected=None, hint=None):
        raise DataError(message, file=self.where, row=row, column=column, expected=expected, hint=hint)

    def require_columns(self, columns, what: str) -> None:
        for col in columns:
            if col not in self.header:
                self.fail(f"column '{col}' is missing", row=1, column=col,
                          expected=f"the {what} column declared in import.yml; the export has: "
                                   + ", ".join(self.header),
                          hint="export the question again with its column, or correct the column in import.yml")


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    text = " ".join(str(value).split())
    return text.replace(",", ".").split(".")[0] if WHOLE.match(text) else text


def read_sheet(path: Path, sheet: str | None) -> RawSheet:
    if not path.is_file():
        raise DataError("the raw export is missing", file=path, expected=f"the file '{path.name}' that import.yml names",
                        hint="put the export in the round's raw folder (see docs/import.md) or correct 'file:'")
    if path.suffix.lower() == ".xlsx":
        return _read_xlsx(path, sheet)
    raw = parse_csv_text(path, read_text(path))
    header = raw.header
    twice = _repeated(header)
    if twice is not None:
        RawSheet(path, None, header, []).fail(f"the column '{twice}' appears twice in the header",
                                              row=raw.header_line, column=twice, expected="unique column names",
                                              hint="rename one of the two columns")
    rows = []
    for line, cells in raw.rows:
        if len(cells) != len(header):
            RawSheet(path, None, header, []).fail(
                f"the row has {len(cells)} cells but the header has {len(header)}", row=line,
                expected=f"{len(header)} cells", hint="export the file again; text with the separator needs quotes")
        rows.append((line, {h: cell_text(c) for h, c in zip(header, cells)}))
    return RawSheet(path, None, header, rows)


def _repeated(header: list[str]) -> str | None:
    """The first column name the header repeats (an error must name it, not only say 'twice')."""
    return next((h for i, h in enumerate(header) if h in header[:i]), None)


def _read_xlsx(path: Path, sheet: str | None) -> RawSheet:
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise DataError(f"the workbook cannot be opened ({type(exc).__name__})", file=path,
                        expected="an .xlsx workbook as Excel or the survey tool saves it",
                        hint="open it in Excel and save it again as 'Excel-projektmappe (*.xlsx)'") from None
    try:
        name = sheet or book.sheetnames[0]
        if name not in book.sheetnames:
            raise DataError(f"sheet '{name}' is missing", file=path,
                            expected="one of the sheets " + ", ".join(book.sheetnames),
                            hint="correct 'sheet:' in import.yml or export the sheet again")
        values = list(book[name].iter_rows(values_only=True))
    finally:
        book.close()
    if not values:
        raise DataError("the sheet is empty", file=f"{path} (sheet '{name}')", expected="a header row and answers",
                        hint="export the answers again")
    header = [cell_text(v) for v in values[0]]
    while header and header[-1] == "":
        header.pop()
    result = RawSheet(path, name, header, [])
    if "" in header:
        result.fail(f"column {header.index('') + 1} has no name in the first row", row=1,
                    expected="a name for every column", hint="give every column a unique name in the first row")
    twice = _repeated(header)
    if twice is not None:
        result.fail(f"the column '{twice}' appears twice in the header", row=1, column=twice,
                    expected="unique column names", hint="rename one of the two columns")
    rows = []
    for number, row in enumerate(values[1:], start=2):
        cells = [cell_text(v) for v in row]
        if not any(cells):
            continue
        if any(cells[len(header):]):
            result.fail("the row has cells right of the last named column", row=number,
                        expected=f"{len(header)} columns", hint="delete the stray cells or name the column")
        cells += [""] * (len(header) - len(cells))
        rows.append((number, dict(zip(header, cells[:len(header)]))))
    return RawSheet(path, name, header, rows)


def read_labels(sheet: RawSheet) -> dict[str, dict[str, str]]:
    """A value-label sheet (variable, value, label) -> {variable: {code: label}}."""
    sheet.require_columns(LABEL_COLUMNS, "value-label")
    labels: dict[str, dict[str, str]] = {}
    for line, cells in sheet.rows:
        var, code, label = (cells[c] for c in LABEL_COLUMNS)
        known = labels.setdefault(var, {})
        if code in known and known[code] != label:
            sheet.fail(f"code {code} of '{var}' has two labels ('{known[code]}', '{label}')", row=line,
                       column="label", expected="one label per code", hint="export the value labels again")
        known[code] = label
    return labels


@dataclass(frozen=True)
class RawExport:
    """Where a declared raw export is and how its codes are labelled: shared by surveys and record extracts."""
    name: str
    file: str
    sheet: str | None
    id_column: str
    labels_sheet: str | None
    labels_file: str | None


# --- the checks the declaration (declaration.py, records.py) and the answers (answers.py, records.py) share ----

def need(condition, path, where, expected, hint):
    """A declaration check: one error naming import.yml, the key path and what is expected there."""
    if not condition:
        raise ConfigError(f"'{where}' is missing or wrong", file=path, column=where, expected=expected, hint=hint)


def code_text(value) -> str:
    """Codes are compared as text: 1, 1.0 and '1' are the same code."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def check_ids(sheet: RawSheet, column: str, what: str = "respondent") -> list[str]:
    """The id of every row, in order: never empty, never repeated (a respondent who answered twice, or a record
    exported twice)."""
    seen: dict[str, int] = {}
    ids = []
    for line, cells in sheet.rows:
        rid = cells[column]
        if not rid:
            sheet.fail(f"the {what} id is empty", row=line, column=column, expected="an id in every row",
                       hint="export the rows again with their id, or delete the empty row")
        if rid in seen:
            sheet.fail(f"{what} '{rid}' appears twice (first in row {seen[rid]})", row=line, column=column,
                       expected=f"one row per {what}",
                       hint=f"delete the repeated row (a {what} exported or answered twice) or correct the id")
        seen[rid] = line
        ids.append(rid)
    return ids
