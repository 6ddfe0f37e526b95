"""Afsnit 6.1: Venner Viser Vejs tilstedeværelse i kommunerne (Fig. 1–5)."""

from __future__ import annotations

from vvvanalysis import indicators
from vvvanalysis.sources import source_label
from vvvanalysis.charts import GREY, UNKNOWN, barh
from vvvanalysis.style import PALETTE, finish


def fig_henvisning(ctx):
    """Fig. 1: kommuner, der henviser målgruppen til VVV (kommunesurvey, n = 42)."""
    data = indicators.fig1(ctx.data)
    n = int(data["n"].iloc[0])
    labels = list(data["label"])
    counts = [int(c) for c in data["count"]]
    missing = n - sum(counts)
    colors = [PALETTE[0], PALETTE[1]][: len(labels)] + [PALETTE[0]] * max(0, len(labels) - 2)
    if missing > 0:
        labels.append(UNKNOWN)
        counts.append(missing)
        colors.append(GREY)
    fig, ax = barh(labels, counts, n, colors=colors, unknown_last=missing > 0)
    ax.set_xlabel("Antal kommuner")
    finish(fig, source=source_label(ctx.data, "kommunesurvey"), n=n, example_data=ctx.example_data)
    return fig
