"""Fremskrivning af deltagertallet: a transparent stock-flow model, as pure functions.

One step per calendar year:

    stock(t+1) = stock(t) + new(t) - ending_rate * stock(t)

`new(t)` is the number of participants newly matched in year t+1 and `ending_rate` the share of the
stock at the start of the year whose relationship ends during the year (new matches of a year are
assumed not to end in the same year). Everything here is arithmetic on numbers the caller passes in;
reading data and config is vvvanalysis.indicators.fremskrivning.
"""

from __future__ import annotations

from dataclasses import dataclass

_TOLERANCE = 1e-10


def project(start: float, years: int, new_per_year: float, ending_rate: float) -> list[float]:
    """The stock path [stock(0), stock(1), ..., stock(years)] with constant new matches and ending rate."""
    return path(start, [new_per_year] * years, ending_rate)


def path(start: float, new: list[float], ending_rate: float) -> list[float]:
    """The stock path with the given new matches year by year."""
    _check_rate(ending_rate)
    stocks = [float(start)]
    for added in new:
        stocks.append(stocks[-1] + added - ending_rate * stocks[-1])
    return stocks


def _check_rate(rate: float) -> None:
    if not 0 <= rate <= 1:
        raise ValueError(f"ending rate {rate} is outside 0..1")


def _solve_rate(f, target: float) -> float | None:
    """The rate r in [0, 1] with f(r) = target for a decreasing f, by bisection; None if out of reach."""
    low, high = 0.0, 1.0
    if not f(high) - _TOLERANCE <= target <= f(low) + _TOLERANCE:
        return None
    for _ in range(200):
        mid = (low + high) / 2
        if f(mid) > target:
            low = mid
        else:
            high = mid
    return (low + high) / 2


def implied_ending_rate(start: float, end: float, new: list[float]) -> float | None:
    """The constant yearly ending rate that takes the stock from `start` to `end` with the given yearly new
    matches; None when no rate in 0..1 does (e.g. the stock grew by more than the new matches)."""
    if not new:
        raise ValueError("at least one year of new matches is needed")
    return _solve_rate(lambda r: path(start, new, r)[-1], end)


def ending_rate(previous: float, new: float, current: float) -> float:
    """The share of last year's participants whose relationship ended during the year:
    (stock(t-1) + new(t) - stock(t)) / stock(t-1)."""
    if previous <= 0:
        raise ValueError("the previous year's participant number must be positive")
    return (previous + new - current) / previous


def ending_rate_lower_bound_after_fall(new: float, current: float) -> float:
    """The least ending rate of a year in which the participant number fell while `new` were matched.

    The previous year's number is not known, only that it was above `current`. ending_rate(previous, new,
    current) grows with `previous` whenever current > new (its derivative is (current - new) / previous**2),
    so its least value is at previous = current: new / current. Every real value lies above it."""
    if current <= 0:
        raise ValueError("the participant number must be positive")
    return ending_rate(current, new, current)


def needed_new_per_year(start: float, years: int, ending_rate: float, target: float) -> float:
    """Constant new matches per year that reach `target` after `years` years (0 if the target is reached
    without any new matches)."""
    _check_rate(ending_rate)
    if years < 1:
        raise ValueError("the projection needs at least one year")
    keep = 1 - ending_rate
    # stock(k) = start * keep**k + new * (1 + keep + ... + keep**(k-1))
    growth = sum(keep ** i for i in range(years))
    return max((target - start * keep ** years) / growth, 0.0)


def max_ending_rate(start: float, years: int, new_per_year: float, target: float) -> float | None:
    """The highest yearly ending rate at which `target` is still reached; None if even no endings fall short."""
    def end(rate):
        return project(start, years, new_per_year, rate)[-1]

    if end(0.0) < target:
        return None
    return 1.0 if end(1.0) >= target else _solve_rate(end, target)


def steady_state(new_per_year: float, ending_rate: float) -> float | None:
    """The level the stock tends to in the long run (new / rate); None without endings (it grows forever)."""
    _check_rate(ending_rate)
    return new_per_year / ending_rate if ending_rate > 0 else None


@dataclass(frozen=True)
class Projection:
    id: str
    label: str
    new_per_year: float
    ending_rate: float
    years: list[int]
    stocks: list[float]
    needed_new_per_year: float     # to reach the target at this scenario's ending rate

    @property
    def end(self) -> float:
        return self.stocks[-1]


def run_scenario(id: str, label: str, start_year: int, start: float, end_year: int, new_per_year: float,
                 ending_rate: float, target: float) -> Projection:
    years = end_year - start_year
    if years < 1:
        raise ValueError(f"end year {end_year} is not after the start year {start_year}")
    return Projection(id=id, label=label, new_per_year=new_per_year, ending_rate=ending_rate,
                      years=list(range(start_year, end_year + 1)),
                      stocks=project(start, years, new_per_year, ending_rate),
                      needed_new_per_year=needed_new_per_year(start, years, ending_rate, target))
