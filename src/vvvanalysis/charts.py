"""Chart primitives in the house style (vvvanalysis.style), shared by the chapter output modules.

Where the memo gives a figure's data only in part, the unknown remainder is drawn as a grey,
hatched bar labelled 'ikke oplyst' (the caption says where): shown as missing, never invented.
"""

from __future__ import annotations

import matplotlib.pyplot as plt

from vvvanalysis import danish
from vvvanalysis.style import LABEL_BOX, PALETTE

UNKNOWN = "Øvrige svar (ikke oplyst)"
GREY = "#bbbbbb"


def barh(labels, counts, n, *, colors=None, unknown_last=False, height_per_bar=0.42):
    fig, ax = plt.subplots(figsize=(6.3, 0.6 + height_per_bar * len(labels)))
    colors = colors or [PALETTE[0]] * len(labels)
    y = list(range(len(labels)))[::-1]
    bars = ax.barh(y, counts, color=colors, height=0.62)
    if unknown_last:
        bars[-1].set_hatch("///")
        bars[-1].set_edgecolor("#888888")
    for bar, count in zip(bars, counts):
        ax.text(bar.get_width() + n * 0.01, bar.get_y() + bar.get_height() / 2,
                f"{danish.number(count)} ({danish.percent(count / n)})", va="center", fontsize=8.5, bbox=LABEL_BOX)
    ax.set_yticks(y, labels)
    ax.set_xlim(0, max(counts) * 1.25)
    ax.xaxis.set_major_formatter(danish.axis_number_formatter())
    ax.grid(axis="y", visible=False)
    return fig, ax


NOT_GIVEN = "ikke oplyst"


def unknown_band(ax, y, *, text: str = NOT_GIVEN, height: float = 0.62, xmax: float | None = None) -> None:
    """A row whose value the memo does not give: a grey hatched band across the axis, labelled, no length."""
    x1 = ax.get_xlim()[1] if xmax is None else xmax
    ax.barh([y], [x1], height=height, color="none", hatch="///", edgecolor=GREY, linewidth=0)
    ax.text(x1 / 2, y, text, ha="center", va="center", fontsize=8.5, color="#555555",
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.5})
