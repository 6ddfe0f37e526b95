"""Kapitel 5, the note on uncertainty: the confidence level, the worked examples' intervals and the sample size
for a given precision. Its own module (not the goal overview's): the measurement of data rows (trace.rows) runs
each module as a whole, and the goal overview refuses any one changed row of the course evaluation, which these
examples are computed from."""

from __future__ import annotations

import math

from vvvanalysis import danish, disclosure, indicators, uncertainty

HALF_WIDTH = 0.05   # the methods note's example: the n needed for an interval of at most ±5 percentage points


def values(round_name) -> dict[str, str]:
    out = {"us_graense_n": danish.number(uncertainty.SMALL_N), "us_niveau": danish.percent_text(uncertainty.LEVEL)}
    # The examples' counts, n and shares are the chapters' keys (fig9_…, fig1_…); only the interval is new.
    fig9 = indicators.fig9(round_name)
    examples = {"us_fig9": (fig9, "I høj grad"),
                "us_fig1": (indicators.fig1(round_name), "Ja")}
    tables = {"us_fig9": "kursusevaluering_svar", "us_fig1": "kommunesurvey_henvisning"}
    for key, (frame, answer) in examples.items():
        row = frame[frame["label"] == answer].iloc[0]
        count, n = int(row["count"]), int(row["n"])
        low, high = uncertainty.wilson(count, n)
        out[f"{key}_interval"] = uncertainty.interval_prose(count, n)
        if key == "us_fig9":   # the chapters give no key for the count of 'I høj grad' alone, nor the width
            out[f"{key}_antal"] = danish.number(count)
            out[f"{key}_bredde"] = danish.number(danish.share_to_percent(high) - danish.share_to_percent(low))
        rule = disclosure.for_round(round_name, tables[key])
        status = dict(zip(frame["label"], rule.statuses(frame)))[answer]
        if status != disclosure.SHOWN:   # the example's count is small (or protects one): say so, show nothing
            out[f"{key}_interval"] = disclosure.WITHHELD_TEXT
            if key == "us_fig9":
                out.update({f"{key}_antal": rule.cell_text(count, status, ""),
                            f"{key}_bredde": disclosure.WITHHELD_TEXT})
    out["us_fig9_et_svar"] = danish.number(100 / int(fig9["n"].iloc[0]))
    # Sample size for a ±5 percentage point interval around 50 % (normal approximation, z for the level).
    z = _z(uncertainty.LEVEL)
    out["us_halvbredde"] = danish.number(HALF_WIDTH * 100)
    out["us_n_5_point"] = danish.number(math.ceil(z ** 2 * 0.25 / HALF_WIDTH ** 2))
    return out


def _z(level: float) -> float:
    from statistics import NormalDist

    return NormalDist().inv_cdf(1 - (1 - level) / 2)
