"""Patterns for personal data a report must never print: e-mail addresses, Danish phone numbers, CPR numbers.

Used by `vvv import` (an approved free-text quote holding one is refused) and by tests/test_personal_data.py
(data files and rendered reports). Precise enough to pass ordinary numbers (6.063, 29 %, 2021-11-30,
30. november 2021, table rows of counts); the tests prove that on examples.
"""

from __future__ import annotations

import re

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
# Danish phone numbers: +45/0045 with any grouping, or 8 digits in one run; a grouped number without the
# country code ('12 34 56 78', '1234 5678') only after a word that announces a phone number, because a row
# of counts in extracted table text looks the same.
_GROUPED = r"\d{2}[ .-]\d{2}[ .-]\d{2}[ .-]\d{2}|\d{4}[ .-]\d{4}"
PHONE = re.compile(
    r"(?:\+|00)45[ .-]?(?:\d{8}|" + _GROUPED + r")(?![\d])"
    r"|(?<![\w.,/-])\d{8}(?![\w.,/-])"
    r"|(?i:tlf|telefon|mobil|phone|ring|sms)\.?:?\s*(?:nr\.?\s*)?(?:" + _GROUPED + r")(?!\d)"
)
# CPR: DDMMYY-XXXX (also with a space or without a separator) with a valid day and month.
CPR = re.compile(r"(?<![\w.,/-])(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])\d{2}[- ]?\d{4}(?![\w.,/-])")
PATTERNS = {"e-mail": EMAIL, "phone": PHONE, "CPR": CPR}


def find_personal_data(text: str) -> list[tuple[str, str]]:
    """[(kind, matched text)] for every e-mail address, phone number and CPR-like number in `text`."""
    return [(kind, m.group(0)) for kind, pattern in PATTERNS.items() for m in pattern.finditer(text)]
