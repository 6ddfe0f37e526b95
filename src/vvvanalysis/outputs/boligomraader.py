"""Afsnit 6.5: samarbejder med aktører i udsatte boligområder (status mod succeskriteriet)."""

from __future__ import annotations

import matplotlib.pyplot as plt

from vvvanalysis import danish, indicators
from vvvanalysis.charts import GREY
from vvvanalysis.sources import source_label
from vvvanalysis.style import ACCENT, FIG_WIDTH, PALETTE, finish, text_on


def fig_status(ctx):
    """Established and planned cooperations against the target: one stacked bar, kommuner named in it."""
    b = indicators.boligomraader(ctx.data)
    fig, ax = plt.subplots(figsize=(FIG_WIDTH, 1.9))
    parts = [(b["etableret"], PALETTE[0], "Etableret", b["etablerede_kommuner"]),
             (b["planlagt"], PALETTE[1], "Planlagt opstart", b["planlagte_kommuner"])]
    left = 0
    for count, color, label, names in parts:
        ax.barh([0], [count], left=left, color=color, height=0.8)
        ax.text(left + count / 2, 0, "\n".join(names), ha="center", va="center", fontsize=7.5, color=text_on(color))
        ax.text(left + count / 2, 0.48, f"{label} ({danish.number(count)})", ha="center", va="bottom", fontsize=8)
        left += count
    # What is missing is one quantity everywhere (indicators.boligomraader 'mangler': target minus established);
    # the planned start-ups are part of it, so the label spans them and the hatched rest.
    rest = b["maal"] - left
    if rest > 0:
        ax.barh([0], [rest], left=left, color="none", hatch="///", edgecolor=GREY, height=0.8, linewidth=0)
    if b["mangler"] > 0:
        start = b["etableret"]
        ax.annotate("", xy=(start, -0.5), xytext=(b["maal"], -0.5),
                    arrowprops={"arrowstyle": "<->", "color": "#555555", "linewidth": 0.8})
        ax.text(start + b["mangler"] / 2, -0.55, f"Mangler i forhold til målet ({danish.number(b['mangler'])})",
                ha="center", va="top", fontsize=8, color="#555555")
    ax.axvline(b["maal"], color=ACCENT, linestyle="--", linewidth=1)
    ax.text(b["maal"], 0.48, f" Succeskriterium: {danish.number(b['maal'])}", ha="left", va="bottom", fontsize=8,
            color=ACCENT)
    ax.set_xlim(0, max(b["maal"], left) * 1.25)
    ax.set_ylim(-0.95, 0.8)
    ax.set_yticks([])
    ax.set_xlabel("Antal udsatte boligområder")
    ax.xaxis.set_major_formatter(danish.axis_number_formatter())
    ax.grid(False)
    finish(fig, source=source_label(ctx.data, "podio"), n=None, example_data=ctx.example_data)
    return fig
