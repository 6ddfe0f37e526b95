"""The report's figures, one function per memo figure, all in the house style (vvvanalysis.style).

Where the memo gives a figure's data only in part, the unknown remainder is drawn as a grey,
hatched bar labelled 'ikke oplyst i notatet': shown as missing, never invented.
"""

from __future__ import annotations

import matplotlib.pyplot as plt

from vvvanalysis import danish, indicators
from vvvanalysis.style import PALETTE, finish

UNKNOWN = "Øvrige svar (ikke oplyst i notatet)"
GREY = "#bbbbbb"


def _barh(labels, counts, n, *, colors=None, unknown_last=False, height_per_bar=0.42):
    fig, ax = plt.subplots(figsize=(6.3, 0.6 + height_per_bar * len(labels)))
    colors = colors or [PALETTE[0]] * len(labels)
    y = list(range(len(labels)))[::-1]
    bars = ax.barh(y, counts, color=colors, height=0.62)
    if unknown_last:
        bars[-1].set_hatch("///")
        bars[-1].set_edgecolor("#888888")
    for bar, count in zip(bars, counts):
        ax.text(bar.get_width() + n * 0.01, bar.get_y() + bar.get_height() / 2,
                f"{danish.number(count)} ({danish.percent(count / n)})", va="center", fontsize=8.5)
    ax.set_yticks(y, labels)
    ax.set_xlim(0, max(counts) * 1.25)
    ax.xaxis.set_major_formatter(danish.axis_number_formatter())
    ax.grid(axis="y", visible=False)
    return fig, ax


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
    fig, ax = _barh(labels, counts, n, colors=colors, unknown_last=missing > 0)
    ax.set_xlabel("Antal kommuner")
    finish(fig, source="kommunesurvey, juni 2021", n=n, example_data=ctx.example_data)
    return fig
