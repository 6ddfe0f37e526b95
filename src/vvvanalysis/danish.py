"""Danish formatting for everything a reader sees: one module, used by tables, figures and prose.

Conventions (Danish style guides and the memo):
- integers: thousands separator '.', e.g. 6.063; decimals with comma, e.g. 2,5
- percentages in tables and figures: '29 %' (no-break space before %)
- percentages in running text: '29 pct.'
- dates: '30. november 2021'; months: 'maj 2021'
- rounding of shares is half-up (as in the memo's tables), never banker's rounding
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from babel.dates import format_date
from babel.numbers import format_decimal

LOCALE = "da_DK"
NBSP = "\u00a0"


def _half_up(value: float, digits: int = 0) -> Decimal:
    quant = Decimal(1).scaleb(-digits)
    return Decimal(repr(float(value))).quantize(quant, rounding=ROUND_HALF_UP)


def number(value: float | int, digits: int = 0) -> str:
    """6063 -> '6.063'; 2.25 (digits=1) -> '2,3'."""
    rounded = _half_up(value, digits)
    fmt = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(rounded, format=fmt, locale=LOCALE)


def share_to_percent(share: float, digits: int = 0) -> Decimal:
    """0.2857 -> Decimal('29') with half-up rounding."""
    return _half_up(share * 100, digits)


def percent(share: float, digits: int = 0) -> str:
    """For tables and figures: 0.29 -> '29 %' (with no-break space)."""
    return f"{number(share_to_percent(share, digits), digits)}{NBSP}%"


def percent_text(share: float, digits: int = 0) -> str:
    """For running text: 0.29 -> '29 pct.'"""
    return f"{number(share_to_percent(share, digits), digits)}{NBSP}pct."


def share(count: int, n: int) -> float:
    if n <= 0:
        raise ValueError(f"n must be positive, got {n}")
    return count / n


def date(value: dt.date | str) -> str:
    """date(2021, 11, 30) -> '30. november 2021'."""
    return format_date(_as_date(value), format="d. MMMM y", locale=LOCALE)


def month(value: dt.date | str) -> str:
    """date(2021, 5, 1) -> 'maj 2021'."""
    return format_date(_as_date(value), format="MMMM y", locale=LOCALE)


def month_span(start: dt.date | str, end: dt.date | str) -> str:
    """Months as the memo writes a fieldwork period: 'juni – august 2021' (the year once when it is the same),
    'november 2020 – maj 2021' otherwise, 'juni 2021' for one month."""
    a, b = _as_date(start), _as_date(end)
    if (a.year, a.month) == (b.year, b.month):
        return month(a)
    first = format_date(a, format="MMMM", locale=LOCALE) if a.year == b.year else month(a)
    return f"{first} – {month(b)}"


def report_date(value: dt.date | str, precision: str = "day") -> str:
    """A report's date as a cover prints it: '30. november 2021', or 'November 2021' when only the
    month is known (precision 'month'; the day of the stored date is then ignored)."""
    if precision == "month":
        text = month(value)
        return text[:1].upper() + text[1:]
    return date(value)


def _as_date(value: dt.date | str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def count_of(count: int, n: int) -> str:
    """'27 ud af 59'."""
    return f"{number(count)} ud af {number(n)}"


def signed(value: float, digits: int = 0) -> str:
    """A change: 455 -> '+455', -3 -> '−3' (minus sign), 0 -> '0'."""
    text = number(abs(value), digits)
    if _half_up(value, digits) == 0:
        return text
    return ("+" if value > 0 else "\u2212") + text


def points(diff: float, digits: int = 0) -> str:
    """A change of a share in percentage points: 0.052 -> '+5 pct.-point'."""
    return f"{signed(diff * 100, digits)}{NBSP}pct.-point"


def n_label(n: int) -> str:
    """Sample size as printed in captions: 'n = 42'."""
    return f"n{NBSP}={NBSP}{number(n)}"


def axis_number_formatter():
    """Matplotlib tick formatter giving Danish thousands separators."""
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda x, _pos: number(x))


def axis_percent_formatter():
    """Matplotlib tick formatter for shares 0..1 -> '25 %'."""
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda x, _pos: percent(x))


def period(start: dt.date | str, end: dt.date | str) -> str:
    """A period as printed: whole months 'maj – juni 2021' / 'oktober 2020', else days '1.–25. juni 2021'.

    A month stored as its first day (the data convention) and ending on its last day counts as whole months.
    """
    import calendar

    a, b = _as_date(start), _as_date(end)
    whole = a.day == 1 and b.day == calendar.monthrange(b.year, b.month)[1]
    if whole:
        if (a.year, a.month) == (b.year, b.month):
            return month(a)
        first = format_date(a, format="MMMM" if a.year == b.year else "MMMM y", locale=LOCALE)
        return f"{first}–{month(b)}"
    if (a.year, a.month) == (b.year, b.month):
        return f"{a.day}.–{date(b)}"
    return f"{date(a)}–{date(b)}"


def count_or_under(count: int, min_count: int | None) -> str:
    """A person count under disclosure control: 2 with min_count 3 -> 'under 3'; 0 and counts >= min_count
    (or no min_count) print as numbers. 0 is shown: nobody is identified by an answer nobody gave."""
    if min_count is not None and 0 < count < min_count:
        return f"under {number(min_count)}"
    return number(count)


# --- Small counts in words (house style: en/én–tolv in running text) -------------------------------------

_WORDS = {2: "to", 3: "tre", 4: "fire", 5: "fem", 6: "seks", 7: "syv", 8: "otte", 9: "ni", 10: "ti",
          11: "elleve", 12: "tolv"}


def count_word(n: int, neuter: bool = False, stressed: bool = True) -> str:
    """A count in running text: 1 -> 'én' ('ét' for a neuter noun; 'en'/'et' unstressed), 2..12 -> words,
    0 -> 'ingen', anything larger -> digits ('13', '1.000'). Not for units, percentages or tables."""
    n = int(n)
    if n == 1:
        word = "et" if neuter else "en"
        return word.replace("e", "é", 1) if stressed else word
    if n == 0:
        return "ingen"
    return _WORDS.get(n, number(n))


def counted(n: int, singular: str, plural: str, neuter: bool = False) -> str:
    """'én kommune', 'fire kommuner', '22 kommuner'."""
    return f"{count_word(n, neuter)} {singular if int(n) == 1 else plural}"


# --- Verbal roundings (the memo's 'lige over 6.000', 'knap 1.000', 'lidt over halvdelen' …) --------------
#
# Rules, so that a phrase is always true of the number it stands for:
# Amounts are compared with the nearest whole multiple of `unit` (the memo rounds participant numbers to
# whole thousands: unit=1000), half-up. With d = value − reference:
#   d = 0                         -> the reference itself ('6.000'); a reference of 0 -> the exact number
#   0 < d ≤ CLOSE_AMOUNT · unit   -> 'lige over 6.000'            (wording 'close')
#   −CLOSE_AMOUNT · unit ≤ d < 0  -> 'knap 1.000' / 'næsten 1.000' (wording 'close'; below_word picks one)
#   any other d > 0 / d < 0       -> 'over 9.000' / 'under 1.000'  (wording 'plain', and the fallback)
# Shares are compared with the nearest of the simple fractions in FRACTIONS (or the one the caller names with
# `of=`), in percentage points:
#   |d| ≤ ABOUT_SHARE               -> 'ca. en fjerdedel'           (wording 'about')
#   0 < d ≤ CLOSE_SHARE             -> 'lidt over halvdelen'        (wording 'close')
#   −CLOSE_SHARE ≤ d < 0            -> 'knap halvdelen'             (wording 'close')
#   otherwise                       -> 'over/under en femtedel'     (wording 'plain', and the fallback)
# A wording whose band does not hold falls back to the next weaker one that does (about -> close -> plain),
# so new data can change the phrase but never make it false.

CLOSE_AMOUNT = 0.10   # within a tenth of the unit: 6.063 is 'lige over 6.000', 937 'knap 1.000'
CLOSE_SHARE = 0.05    # within five percentage points: 46 % is 'knap halvdelen', 36 % 'lidt over en tredjedel'
ABOUT_SHARE = 0.025   # within 2,5 percentage points: 26 % is 'ca. en fjerdedel'
FRACTIONS = {1 / 2: "halvdelen", 1 / 3: "en tredjedel", 1 / 4: "en fjerdedel", 1 / 5: "en femtedel",
             2 / 3: "to tredjedele", 3 / 4: "tre fjerdedele"}
_WORDINGS = ("about", "close", "plain")


def rounded_reference(value: float, unit: int) -> int:
    """The nearest whole multiple of unit (half-up): 6063 -> 6000, 937 -> 1000, 9065 -> 9000."""
    if unit <= 0:
        raise ValueError(f"unit must be positive, got {unit}")
    return int(_half_up(value / unit)) * unit


def verbal_amount(value: float, unit: int = 1000, wording: str = "close", below_word: str = "knap") -> str:
    """6063 -> 'lige over 6.000'; 937 -> 'knap 1.000'; 9065 (wording='plain') -> 'over 9.000'."""
    _check_wording(wording, ("close", "plain"))
    if below_word not in ("knap", "næsten"):
        raise ValueError(f"below_word must be 'knap' or 'næsten', got {below_word!r}")
    reference = rounded_reference(value, unit)
    d = value - reference
    if d == 0 or reference == 0:   # 'over 0' says nothing: a number below half the unit stays exact
        return number(value)
    close = wording == "close" and abs(d) <= CLOSE_AMOUNT * unit
    if d > 0:
        return f"{'lige over' if close else 'over'} {number(reference)}"
    return f"{below_word if close else 'under'} {number(reference)}"


def verbal_amounts(values, unit: int = 1000, wording: str = "close", below_word: str = "knap") -> str:
    """One phrase true of every value ('næsten 1.000' for 926 and 966 a year); ValueError if they differ."""
    phrases = {verbal_amount(v, unit, wording, below_word) for v in values}
    if len(phrases) != 1:
        raise ValueError(f"no common verbal rounding for {list(values)}: {sorted(phrases)}")
    return phrases.pop()


def nearest_fraction(share: float) -> float:
    return min(FRACTIONS, key=lambda f: (abs(share - f), f))


def verbal_share(share: float, wording: str = "close", of: float | None = None) -> str:
    """0.524 -> 'lidt over halvdelen'; 0.46 -> 'knap halvdelen'; 0.26 (wording='about') -> 'ca. en fjerdedel';
    0.18 (wording='plain') -> 'under en femtedel'. `of` names the fraction to compare with (a key of
    FRACTIONS); by default the nearest one."""
    _check_wording(wording, _WORDINGS)
    if not 0 <= share <= 1:
        raise ValueError(f"share {share} is outside 0..1")
    fraction = nearest_fraction(share) if of is None else _fraction(of)
    name = FRACTIONS[fraction]
    d = share - fraction
    if abs(d) < 1e-12:
        return name
    if wording == "about" and abs(d) <= ABOUT_SHARE:
        return f"ca. {name}"
    if wording in ("about", "close") and abs(d) <= CLOSE_SHARE:
        return f"{'lidt over' if d > 0 else 'knap'} {name}"
    return f"{'over' if d > 0 else 'under'} {name}"


def verbal_change(new: int, old: int, singular: str, plural: str, neuter: bool = False) -> str:
    """84 -> 83 kommuner: 'et fald på én kommune'; 'en stigning på to kommuner'; 'ingen ændring'."""
    change = int(new) - int(old)
    if change == 0:
        return "ingen ændring"
    what = "et fald" if change < 0 else "en stigning"
    return f"{what} på {counted(abs(change), singular, plural, neuter)}"


def _fraction(of: float) -> float:
    for fraction in FRACTIONS:
        if abs(fraction - of) < 1e-9:
            return fraction
    raise ValueError(f"{of} is not one of the fractions {sorted(FRACTIONS)}")


def _check_wording(wording: str, allowed) -> None:
    if wording not in allowed:
        raise ValueError(f"wording must be one of {allowed}, got {wording!r}")
