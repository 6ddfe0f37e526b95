"""The house style of every figure: one seaborn theme, a colour-blind-safe palette, Danish numbers,
a source line with n under each chart, and the example-data mark when a round's data is invented."""

from __future__ import annotations

import matplotlib as mpl
import seaborn as sns

from vvvanalysis import danish
from vvvanalysis.marks import EXAMPLE_MARK

PALETTE = sns.color_palette("colorblind")
ACCENT = "#1b4f72"
FIG_WIDTH = 6.3          # inches: the PDF text width, so figures are never scaled up
DPI = 200                # sharp enough for print (issue: ≥ 200 dpi)


def apply_theme() -> None:
    sns.set_theme(style="whitegrid", palette=PALETTE, font="DejaVu Sans")
    mpl.rcParams.update({
        "figure.dpi": DPI,
        "savefig.dpi": DPI,
        "figure.figsize": (FIG_WIDTH, 3.2),
        "axes.titlesize": 11,
        "axes.titleweight": "bold",
        "axes.titlelocation": "left",
        "axes.labelsize": 9.5,
        "xtick.labelsize": 9,
        "ytick.labelsize": 9,
        "legend.fontsize": 8.5,
        "legend.frameon": False,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "svg.hashsalt": "vvvanalysis",      # stable ids if SVG is ever written
        "path.simplify": True,
        "figure.facecolor": "white",
        "savefig.facecolor": "white",
        "savefig.bbox": "tight",
        "savefig.pad_inches": 0.08,
    })


def finish(fig, *, source: str, n: int | None = None, example_data: bool = False) -> None:
    """Source line ('Kilde: … · n = 42') under the chart, and the example-data mark when needed."""
    note = f"Kilde: {source}"
    if n is not None:
        note += f" · {danish.n_label(n)}"
    fig.tight_layout()
    fig.text(0.01, -0.01, note, ha="left", va="top", fontsize=7.5, color="#555555", transform=fig.transFigure)
    if example_data:
        fig.text(0.5, 0.5, EXAMPLE_MARK, ha="center", va="center", rotation=25, fontsize=22, color="#c81e1e",
                 alpha=0.35, fontweight="bold", transform=fig.transFigure, zorder=100)
