"""Afsnit 6.5: samarbejder med aktører i udsatte boligområder (status mod succeskriteriet)."""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
from matplotlib.transforms import offset_copy

from vvvanalysis import danish, indicators
from vvvanalysis.charts import GREY
from vvvanalysis.sources import source_label
from vvvanalysis.style import ACCENT, FIG_WIDTH, PALETTE, finish, text_on


def fig_status(ctx):
    """Established and planned cooperations against the target: one stacked bar, kommuner named in it."""
    b = indicators.boligomraader(ctx.data)
    fig, ax = plt.subplots(figsize=(FIG_WIDTH, 2.4))   # room for the legend of names under the axis
    parts = [(b["etableret"], PALETTE[0], "Etableret", b["etablerede_kommuner"]),
             (b["planlagt"], PALETTE[1], "Planlagt opstart", b["planlagte_kommuner"])]
    left = 0
    for count, color, label, names in parts:
        # The count in the bar; the names in the legend below (a segment is too narrow for a column of names).
        key = f"{label} ({danish.number(count)})" + (": " + ", ".join(names) if names else "")
        ax.barh([0], [count], left=left, color=color, height=0.8, label=textwrap.fill(key, 95))
        if count:
            ax.text(left + count / 2, 0, danish.number(count), ha="center", va="center", fontsize=9,
                    fontweight="bold", color=text_on(color))
        left += count
    # What is missing is one quantity everywhere (indicators.boligomraader 'mangler': target minus established);
    # the planned start-ups are part of it, so the label spans them and the hatched rest.
    rest = b["maal"] - left
    if rest > 0:
        ax.barh([0], [rest], left=left, color="none", hatch="///", edgecolor=GREY, height=0.8, linewidth=0,
                label=f"Endnu ikke planlagt ({danish.number(rest)})")
    if b["mangler"] > 0:
        start = b["etableret"]
        ax.annotate("", xy=(start, -0.5), xytext=(b["maal"], -0.5),
                    arrowprops={"arrowstyle": "<->", "color": "#555555", "linewidth": 0.8})
        ax.text(start + b["mangler"] / 2, -0.55, f"Mangler i forhold til målet ({danish.number(b['mangler'])})",
                ha="center", va="top", fontsize=8, color="#555555")
    ax.axvline(b["maal"], color=ACCENT, linestyle="--", linewidth=1)
    ax.text(b["maal"], 0.47, f"Succeskriterium: {danish.number(b['maal'])} ", ha="right", va="bottom", fontsize=8,
            color=ACCENT)
    ax.set_xlim(0, max(b["maal"], left) * 1.02)
    ax.set_ylim(-0.95, 0.8)
    # under the axis title, a fixed distance in points whatever the axes' height
    below = offset_copy(ax.transAxes, fig=fig, y=-40, units="points")
    ax.legend(loc="upper left", bbox_to_anchor=(0, 0), bbox_transform=below, ncol=1, fontsize=7.5, handlelength=1.2)
    ax.set_yticks([])
    ax.set_xlabel("Antal udsatte boligområder")
    ax.xaxis.set_major_formatter(danish.axis_number_formatter())
    ax.grid(False)
    finish(fig, source=source_label(ctx.data, "podio"), n=None, example_data=ctx.example_data)
    return fig
