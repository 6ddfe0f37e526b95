"""Characters a data or prose file may hold, and how to say what differs between two look-alike values.

Text pasted from e-mails, PDFs and web forms carries characters nobody sees: NUL, control characters,
bidi overrides (U+202E turns 'abc' into 'cba' on screen), zero-width spaces. They change what a reader sees
or break a category match without showing why, so they are refused with the code point named. Everything
else is normalised to NFC ('å' typed as 'a' + COMBINING RING ABOVE equals 'å').
"""

from __future__ import annotations

import difflib
import unicodedata
from pathlib import Path

from vvvanalysis.errors import DataError

ALLOWED_CONTROLS = {"\t", "\n", "\r"}
# Invisible characters outside the Cc/Cf categories that still change layout or hide text.
INVISIBLE = {"\u2028", "\u2029", "\u115f", "\u1160", "\u3164", "\uffa0"}


def char_name(ch: str) -> str:
    """'\u202e' -> 'U+202E RIGHT-TO-LEFT OVERRIDE' (control characters have no name: their usual one)."""
    name = unicodedata.name(ch, "")
    if not name:
        name = {"\0": "NULL", "\x1b": "ESCAPE", "\x7f": "DELETE", "\x0b": "LINE TABULATION",
                "\x0c": "FORM FEED", "\x85": "NEXT LINE"}.get(ch, f"{unicodedata.category(ch)} CONTROL CHARACTER")
    return f"U+{ord(ch):04X} {name}"


def forbidden(ch: str) -> bool:
    if ch in ALLOWED_CONTROLS:
        return False
    category = unicodedata.category(ch)
    # Cc: controls (NUL, ESC, ...); Cf: format characters (bidi overrides and isolates, zero-width space and
    # joiners, soft hyphen, BOM inside the text); Co/Cs: private use and lone surrogates.
    return category in {"Cc", "Cf", "Co", "Cs"} or ch in INVISIBLE


def check_characters(path: Path, text: str, *, csv_header: list[str] | None = None) -> None:
    """Refuse the first forbidden character: file, line, column (CSV) and the code point's name."""
    if not any(forbidden(ch) for ch in set(text)):   # each distinct character once: data is read very often
        return
    for index, ch in enumerate(text):
        if forbidden(ch):
            line = text.count("\n", 0, index) + 1
            start = text.rfind("\n", 0, index) + 1
            position = index - start + 1
            column = _csv_column(text[start:index], csv_header) if csv_header else None
            raise DataError(f"the text holds the invisible character {char_name(ch)} (character {position} of "
                            "the line)", file=path, row=line, column=column,
                            expected="visible text without control, bidi or zero-width characters",
                            hint="delete the character (it often comes with text pasted from e-mail, PDF or "
                                 "the web) or retype the value")


def _csv_column(before: str, header: list[str]) -> str | None:
    """The header name of the cell a character sits in, from the text before it on its line."""
    separator = ";" if ";" in "".join(header) or (before.count(";") > before.count(",")) else ","
    index = before.count(separator)   # good enough for a pointer: quoted separators are rare in such lines
    return header[index] if 0 <= index < len(header) else None


def normalise(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def look_alike(value: str, allowed) -> str | None:
    """The allowed value `value` was probably meant to be, or None (compared case- and space-insensitively,
    then by similarity)."""
    allowed = [str(a) for a in allowed]

    def folded(s: str) -> str:
        return "".join(ch for ch in unicodedata.normalize("NFKC", s).casefold() if ch.isalnum())

    for candidate in allowed:
        if folded(candidate) == folded(value):
            return candidate
    close = difflib.get_close_matches(value, allowed, n=1, cutoff=0.75)
    return close[0] if close else None


def difference(value: str, meant: str) -> str:
    """What differs between a value and the allowed value it looks like, character by character."""
    if value.casefold() == meant.casefold() and value != meant:
        return f"'{value}' differs from '{meant}' only in upper/lower case"
    matcher = difflib.SequenceMatcher(a=value, b=meant, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            continue
        have = ", ".join(char_name(c) for c in value[a1:a2]) or "nothing"
        want = ", ".join(char_name(c) for c in meant[b1:b2]) or "nothing"
        return (f"'{value}' looks like '{meant}' but has {have} at character {a1 + 1} where '{meant}' "
                f"has {want}")
    return f"'{value}' looks like '{meant}'"
