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
