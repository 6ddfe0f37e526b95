"""Uncertainty of survey shares: Wilson 95 % intervals (statsmodels) for shares from small samples.

With n = 35 or n = 42 a share of 29 % is compatible with roughly 16–45 %: the report prints the
interval next to every survey share computed from n < 100 so readers do not over-read small samples.
"""

from __future__ import annotations

from statsmodels.stats.proportion import proportion_confint

from vvvanalysis import danish

SMALL_N = 100     # below this, every survey share gets its interval
LEVEL = 0.95


def wilson(count: int, n: int, level: float = LEVEL) -> tuple[float, float]:
    if n <= 0 or count < 0 or count > n:
        raise ValueError(f"count {count} out of range for n = {n}")
    low, high = proportion_confint(count, n, alpha=1 - level, method="wilson")
    return float(low), float(high)


def needs_interval(n: int) -> bool:
    return n < SMALL_N


def interval_text(count: int, n: int) -> str:
    """For tables and figures: '16–45 %'."""
    low, high = wilson(count, n)
    return f"{danish.share_to_percent(low)}–{danish.percent(high)}"


def interval_prose(count: int, n: int) -> str:
    """For running text: '16–45 pct.'"""
    low, high = wilson(count, n)
    return f"{danish.share_to_percent(low)}–{danish.percent_text(high)}"
