"""Counts behind rounded percentages: which integer counts of n round (half-up) to the printed percent."""

from __future__ import annotations

from itertools import product

from vvvanalysis.danish import share_to_percent


def counts_for_percent(percent: int, n: int) -> list[int]:
    return [c for c in range(n + 1) if share_to_percent(c / n) == percent]


def reconstructions(percents: list[int], n: int, complete: bool) -> list[tuple[int, ...]]:
    """All count vectors matching every printed percent; complete=True: the categories cover all n answers."""
    candidates = product(*(counts_for_percent(p, n) for p in percents))
    return [v for v in candidates if not complete or sum(v) == n]
