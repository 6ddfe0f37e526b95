"""What personal data look like (e-mail addresses, Danish phone numbers, CPR-like numbers), and how a message
shows one without printing it: masked, so terminals and kept CI logs never hold it.

A leaf module (no imports from the package): errors.py masks every message through it, and personal_data.py
scans files with the same patterns.
"""

from __future__ import annotations

import re

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
# Danish phone numbers: +45/0045 with any grouping, or 8 digits in one run; a grouped number without the
# country code ('12 34 56 78', '1234 5678') only after a word that announces a phone number, because a row
# of counts in extracted table text looks the same.
_GROUPED = r"\d{2}[ .-]\d{2}[ .-]\d{2}[ .-]\d{2}|\d{4}[ .-]\d{4}"
ANNOUNCEMENT = r"(?i:tlf|telefon|mobil|phone|ring|sms)\.?:?\s*(?:nr\.?\s*)?"
PHONE = re.compile(
    r"(?:\+|00)45[ .-]?(?:\d{8}|" + _GROUPED + r")(?![\d])"
    r"|(?<![\w.,/-])\d{8}(?![\w.,/-])"
    r"|" + ANNOUNCEMENT + r"(?:" + _GROUPED + r")(?!\d)"
)
# CPR: DDMMYY-XXXX (also with a space or without a separator) with a valid day and month.
CPR = re.compile(r"(?<![\w.,/-])(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])\d{2}[- ]?\d{4}(?![\w.,/-])")
PATTERNS = {"an e-mail address": EMAIL, "a phone number": PHONE, "a CPR-like number": CPR}
SHORT = {"an e-mail address": "e-mail", "a phone number": "phone", "a CPR-like number": "CPR"}


def find(text: str) -> list[tuple[str, str]]:
    """(kind, matched text) of everything in `text` that looks like personal data."""
    return [(kind, m.group(0)) for kind, pattern in PATTERNS.items() for m in pattern.finditer(text)]


def _digits_masked(value: str, keep: int) -> str:
    """Every digit a '*' except the last `keep`; separators stay, so the shape is still recognisable."""
    total = sum(c.isdigit() for c in value)
    out, seen = [], 0
    for c in value:
        if c.isdigit():
            seen += 1
            out.append(c if seen > total - keep else "*")
        else:
            out.append(c)
    return "".join(out)


def masked(kind: str, value: str) -> str:
    """'CPR ******-1357', 'e-mail j***@***.dk', 'phone tlf. ** ** ** 78': enough to find it, not to use it."""
    if kind == "an e-mail address":
        local, _, domain = value.partition("@")
        shown = f"{local[:1]}***@***.{domain.rsplit('.', 1)[-1]}"
    elif kind == "a CPR-like number":
        shown = _digits_masked(value, 4)
    else:
        prefix = re.match(r"(?:" + ANNOUNCEMENT + r"|(?:\+|00)45[ .-]?)?", value).group(0)
        shown = prefix + _digits_masked(value[len(prefix):], 2)
    return f"{SHORT[kind]} {shown}"


def mask_text(text: str) -> str:
    """`text` with everything that looks like personal data masked (CPR first: its digits hold no phone)."""
    for kind in ("a CPR-like number", "an e-mail address", "a phone number"):
        text = PATTERNS[kind].sub(lambda m, kind=kind: masked(kind, m.group(0)), text)
    return text
