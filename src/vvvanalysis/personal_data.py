"""Personal data scan (e-mail addresses, Danish phone numbers, CPR-like numbers) over a round's data and prose.

The data hold pseudonyms only. `vvv validate` and `vvv render` refuse a file that looks like it holds personal
data, naming the kind, file, line and column, and showing the value masked ('CPR ******-1357'): the
terminal and kept CI logs never hold it. Public contact data of organisations (a switchboard, an info address) may be
printed: they are listed, one by one with the reason, in data/offentlige_kontaktdata.yaml.

The patterns are precise enough to pass ordinary numbers (6.063, 29 %, 2021-11-30, 30. november 2021, rows of
counts); tests/test_personal_data.py proves that on examples.
"""

from __future__ import annotations

import re
from pathlib import Path

from vvvanalysis.errors import DataError
from vvvanalysis.personal_patterns import ANNOUNCEMENT, CPR, EMAIL, PATTERNS, PHONE, find, masked  # noqa: F401

__all__ = ["CPR", "EMAIL", "PATTERNS", "PHONE", "allowed_values", "check_files", "find", "masked"]

ALLOW_LIST = "offentlige_kontaktdata.yaml"
ALLOW_EXAMPLE = "allow:\n  - value: info@example.dk\n    reason: the organisation's public address"


def _key(value: str) -> str:
    """What identifies a contact however it is written: an address case-insensitively, a number by its digits
    (without the country code: '+45 70 20 50 00' is '70205000')."""
    value = _strip_announcement(value.strip())
    if "@" in value:
        return value.casefold()
    digits = re.sub(r"\D", "", value)
    return digits[-8:] if len(digits) > 8 and digits.startswith(("0045", "45")) else digits


def allowed_values(root: Path) -> set[str]:
    """The public contact data listed in data/offentlige_kontaktdata.yaml (each with a reason)."""
    from vvvanalysis.data.readers import parse_yaml, read_text

    path = root / "data" / ALLOW_LIST
    if not path.exists() and not path.is_symlink():
        return set()
    data = parse_yaml(read_text(path, csv=False), path, DataError)[0] or {}
    items = data.get("allow") if isinstance(data, dict) else None
    if not isinstance(items, list) or not all(isinstance(i, dict) and isinstance(i.get("value"), (str, int))
                                              and isinstance(i.get("reason"), str) and i["reason"].strip()
                                              for i in items):
        raise DataError("the allow-list must be 'allow:' followed by entries with 'value' and 'reason'", file=path,
                        expected=ALLOW_EXAMPLE.replace("\n", " "), hint="write each public contact with its reason")
    return {_key(str(i["value"])) for i in items}


def check_files(paths: list[Path], root: Path) -> None:
    """Raise DataError at the first line of these files that looks like personal data and is not allow-listed."""
    allowed = allowed_values(root)
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue   # unreadable files are refused by their own reader, with a better message
        csv = path.suffix.lower() == ".csv"
        if csv:   # cells, not the separators between them, border a number
            text = text.replace(",", "\t").replace(";", "\t")
        lines = text.splitlines()
        for number, line in enumerate(lines, start=1):
            for kind, value in find(line):
                if _key(value) in allowed:
                    continue
                raise DataError(f"the text looks like it holds personal data ({kind}: {masked(kind, value)})",
                                file=path, row=number, column=_column(lines, line, value, csv),
                                expected="pseudonyms only (no e-mail, phone or CPR numbers of persons)",
                                hint="replace it with a pseudonym or remove it; if it is an organisation's public "
                                     f"contact, add it with its reason to data/{ALLOW_LIST}")


def _column(lines: list[str], line: str, value: str, csv: bool) -> str | None:
    """Where on the line: the CSV header of the cell, or the YAML key the line sets (None for prose)."""
    if csv:
        header = lines[0].split("\t") if lines else []
        cells = line.split("\t")
        for index, cell in enumerate(cells):
            if value in cell and index < len(header):
                return header[index].strip().strip('"')
        return None
    key = re.match(r"\s*(?:-\s+)?([\w-]+):(?:\s|$)", line)
    return key.group(1) if key else None


def _strip_announcement(value: str) -> str:
    """'tlf. 12 34 56 78' -> '12 34 56 78' (the announcing word is part of the match, not of the number)."""
    return re.sub("^" + ANNOUNCEMENT, "", value)

