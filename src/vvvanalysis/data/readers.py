"""Raw reading of data files: bytes -> rows with spreadsheet line numbers. No type checks here.

Danish-Excel variants are decided here, deliberately:
- UTF-8 with BOM ("CSV UTF-8" in Excel) is accepted.
- ';' as separator with decimal comma (Danish Excel's plain "CSV") is accepted.
- Non-UTF-8 bytes (cp1252/latin-1) are rejected: guessing the code page silently corrupts æ/ø/å.
"""

from __future__ import annotations

import copy
import csv
import functools
import io
import math
import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from vvvanalysis.data.characters import check_characters, normalise
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


def read_text(path: Path, *, csv: bool | None = None) -> str:
    """A data file's text: a regular file inside the project, UTF-8, NFC, without invisible characters."""
    from vvvanalysis.paths import checked_source

    if not os.path.lexists(path):
        raise DataError(
            "file is missing",
            file=path,
            expected=f"a file named '{path.name}' in {path.parent}",
            hint="restore it from git or create it as its schema in vvvanalysis/data describes",
        )
    checked_source(path, DataError)
    record_read(path)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(
            f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x} is not valid UTF-8; probably saved as Windows-1252/latin-1)",
            file=path,
            row=line,
            expected="UTF-8 text",
            hint=SAVE_AS_UTF8,
        ) from None
    is_csv = path.suffix.lower() == ".csv" if csv is None else csv
    if is_csv:   # old Mac line ends ('\r' alone) count as lines too, in errors as in the rows
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    header = [c.strip() for c in text.split("\n", 1)[0].replace(";", ",").split(",")] if is_csv else None
    check_characters(path, text, csv_header=header)
    return normalise(text)


def read_csv_rows(path: Path) -> CsvRows:
    return parse_csv_text(path, read_text(path))


def parse_csv_text(path: Path, text: str) -> CsvRows:
    # Line ends as any spreadsheet writes them: '\n', Windows '\r\n' and old Mac '\r' alone.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if not any(line.strip() for line in lines):
        raise DataError("the file is empty", file=path, expected="a header row and at least one data row",
                        hint="restore the file from git")
    # Tables written by `vvv import` start with '#' lines saying what they were made from (never data).
    skipped = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
    if skipped:
        text = "\n".join(lines[skipped:])
        lines = lines[skipped:]
        if not any(line.strip() for line in lines):
            raise DataError("the file has only '#' comment lines", file=path, expected="a header row after them",
                            hint="restore the file from git or run 'vvv import' again")
    first = lines[0]
    # Danish Excel writes ';' because ',' is the decimal mark; a header with ';' and no ',' is that dialect.
    semicolon = ";" in first and "," not in first
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";" if semicolon else ",")
    header = [cell.strip() for cell in next(reader)]
    # Excel saves the empty columns right of the table as empty header cells (and empty cells in every row).
    named = len(header)
    while named and header[named - 1] == "":
        named -= 1
    unnamed, header = named < len(header), header[:named]
    rows: list[tuple[int, list[str]]] = []
    end = reader.line_num   # a record starts on the line after the previous one ended: a quoted cell may hold
    for cells in reader:    # line breaks, and errors name the physical line where the row starts
        line, end = end + 1 + skipped, reader.line_num
        if not any(cell.strip() for cell in cells):
            continue  # blank lines (Excel often leaves one at the end)
        cells = [cell.strip() for cell in cells]
        if unnamed and len(cells) > len(header):   # only cells under those empty headers: dropped if empty
            extra = next((i for i, c in enumerate(cells[len(header):], start=len(header) + 1) if c), None)
            if extra is None:
                cells = cells[: len(header)]
            else:
                raise DataError(f"the row has a value in column {extra}, which has no name in the header",
                                file=path, row=line, expected=f"{len(header)} named columns",
                                hint="name the column in the header row or move the value into its column")
        rows.append((line, cells))  # width is checked after the header
    if not rows:
        raise DataError("the file has a header but no data rows", file=path, row=1 + skipped,
                        expected="at least one data row", hint="add the data rows or restore the file from git")
    return CsvRows(path, header, rows, decimal_comma=semicolon, header_line=1 + skipped)


def read_yaml(path: Path):
    """Returns (data, root node); the node carries line numbers for error messages."""
    text = read_text(path)
    data, node = parse_yaml(text, path, DataError)
    if data is None:
        raise DataError("the file is empty", file=path, expected="a YAML mapping", hint="restore the file from git")
    return data, node


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses what would silently give a wrong report: a key given twice (YAML keeps the last
    one), and NaN or infinite numbers (.nan, .inf) where every number of ours is a count, share or target."""


def _strict_mapping(loader, node, deep=False):
    seen: dict = {}
    for key_node, _value in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            first = seen.get(key)
        except TypeError:   # an unhashable key: SafeLoader's own error says so
            break
        if first is not None:
            raise _Refused(f"the key '{key}' is given twice (lines {first} and {key_node.start_mark.line + 1})",
                           key_node.start_mark.line + 1, "each key once in a mapping",
                           "delete one of the two lines, or merge them (YAML would silently keep only the last)")
        seen[key] = key_node.start_mark.line + 1
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


def _strict_float(loader, node):
    value = yaml.SafeLoader.construct_yaml_float(loader, node)
    if not math.isfinite(value):
        raise _Refused(f"the number {node.value} is not a finite number", node.start_mark.line + 1,
                       "a finite number such as 42 or 0.36", "write the real number (NaN and infinity are not values)",
                       node)
    if abs(value) > MAX_MAGNITUDE:
        raise _Refused(f"the number {node.value} is too large", node.start_mark.line + 1,
                       f"a number below {MAX_MAGNITUDE:.0e}", "check the value against the source", node)
    return value


def _strict_int(loader, node):
    value = yaml.SafeLoader.construct_yaml_int(loader, node)
    if abs(value) > MAX_MAGNITUDE:
        raise _Refused(f"the number {node.value} is too large", node.start_mark.line + 1,
                       f"a number below {MAX_MAGNITUDE:.0e}", "check the value against the source", node)
    return value


MAX_MAGNITUDE = 10 ** 12   # far above any count of this programme; beyond it pandas' int64 and floats fail


class _Refused(Exception):
    def __init__(self, message, line, expected, hint, node=None):
        super().__init__(message)
        self.message, self.line, self.expected, self.hint, self.node = message, line, expected, hint, node
        self.root = None   # the document's root node, once composed (for the key path)


def _key_path(root, target) -> str | None:
    """'outlook.scenarios[1].ending_rate': where the value `target` (a node of a second parse) stands in `root`,
    found by its position in the text; lists are counted from 1, as the error messages of the schemas do."""
    at = (target.start_mark.line, target.start_mark.column)

    def walk(node, path):
        if isinstance(node, yaml.ScalarNode):
            return path if (node.start_mark.line, node.start_mark.column) == at else None
        if isinstance(node, yaml.MappingNode):
            children = [(f"{path}.{k.value}" if path else str(k.value), v) for k, v in node.value]
        elif isinstance(node, yaml.SequenceNode):
            children = [(f"{path}[{i}]", v) for i, v in enumerate(node.value, start=1)]
        else:
            return None
        for child_path, child in children:
            found = walk(child, child_path)
            if found is not None:
                return found
        return None

    return walk(root, "") if root is not None else None


_StrictLoader.add_constructor("tag:yaml.org,2002:map", _strict_mapping)
_StrictLoader.add_constructor("tag:yaml.org,2002:float", _strict_float)
_StrictLoader.add_constructor("tag:yaml.org,2002:int", _strict_int)


def _strict_timestamp(loader, node):
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        raise _Refused(f"'{node.value}' is not a valid date", node.start_mark.line + 1, "an existing date YYYY-MM-DD",
                       "correct the date (or quote it if it is text)") from None


_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _strict_timestamp)


class _FastStrictLoader(getattr(yaml, "CSafeLoader", _StrictLoader)):
    """The strict loader on libyaml's parser where PyYAML has it (about ten times faster than the pure-Python
    parser; the constructors, and so every refusal, are the same Python code). Without libyaml it is the
    pure-Python one."""


for _tag, _construct in [("tag:yaml.org,2002:map", _strict_mapping), ("tag:yaml.org,2002:float", _strict_float),
                         ("tag:yaml.org,2002:int", _strict_int), ("tag:yaml.org,2002:timestamp", _strict_timestamp)]:
    _FastStrictLoader.add_constructor(_tag, _construct)


def parse_yaml(text: str, path: Path, error=DataError):
    """(data, root node) of YAML text with the strict loader; every problem is one `error` naming the line.
    The data is the caller's own copy; the node is shared and must not be changed."""
    data, node = _parse_yaml_cached(text, Path(path), error)
    return copy.deepcopy(data), node


@functools.lru_cache(maxsize=256)
def _parse_yaml_cached(text: str, path: Path, error):
    # Keyed on the text, like the tables' cache: a notebook reads the same YAML files dozens of times (quotes,
    # recommendations, their lines for the review anchors), and the pure-Python parser was most of its CPU.
    # A refused file raises every time (exceptions are not cached).
    try:
        try:
            return _compose_and_load(text, _FastStrictLoader)
        except Exception:   # parsed again the pure-Python way: the messages and lines the error tests know
            return _compose_and_load(text, _StrictLoader)
    except _Refused as exc:   # a refused value names its key as well as its line: 'targets.matches: the number …'
        key = _key_path(exc.root, exc.node) if exc.node is not None else None
        message = f"key '{key}': {exc.message}" if key else exc.message
        raise error(message, file=path, row=exc.line, expected=exc.expected, hint=exc.hint) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise error(
            f"the YAML cannot be parsed (not valid YAML): {getattr(exc, 'problem', None) or exc}",
            file=path,
            row=mark.line + 1 if mark else None,
            expected="valid YAML",
            hint="check indentation and quote text containing ':' or '#'",
        ) from None
    except (ValueError, OverflowError, RecursionError) as exc:   # e.g. a date 2021-02-31 the loader cannot build
        raise error(f"the YAML holds a value that cannot be read: {exc}", file=path, expected="valid YAML values",
                    hint="correct the value (dates are YYYY-MM-DD and must exist); quote it if it is text") from None


def _compose_and_load(text: str, loader_class):
    """(data, root node) from one parse: the node tree, then the data built from it by the strict constructors."""
    loader = loader_class(text)
    node = None
    try:
        node = loader.get_single_node()
        return (loader.construct_document(node) if node is not None else None), node
    except _Refused as exc:
        exc.root = node   # where the refused value stands: its key path
        raise
    finally:
        loader.dispose()


def read_prose(path: Path) -> str:
    """A report source file's text (chapter, included file): a regular file inside the project, UTF-8 (a BOM at
    the start is dropped), no invisible characters, NFC. Every problem is one ConfigError naming file and line."""
    from vvvanalysis.errors import ConfigError
    from vvvanalysis.paths import checked_source

    if not os.path.lexists(path):
        raise ConfigError("is missing", file=path, hint="fix the path in the round's _quarto-<round>.yml or the include")
    checked_source(path, ConfigError)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x} is not valid UTF-8)", file=path,
                          row=raw[: exc.start].count(b"\n") + 1, expected="UTF-8 text",
                          hint="save the file as UTF-8 (in most editors: 'Save with encoding' -> UTF-8)") from None
    try:
        check_characters(path, text)
    except DataError as exc:
        raise ConfigError(exc.message, file=path, row=exc.row, expected=exc.expected, hint=exc.hint) from None
    return normalise(text)
