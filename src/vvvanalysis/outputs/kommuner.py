"""Afsnit 6.1: Venner Viser Vejs tilstedeværelse i kommunerne (Fig. 1–5 og lister fra kommunesurveyen).

Where the memo prints only some answer categories of a figure, the known bars are drawn and the rest is
shown as missing (grey, hatched, 'ikke oplyst'); nothing is invented.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.ticker import MaxNLocator
from IPython.display import Markdown

from vvvanalysis import danish, indicators
from vvvanalysis.charts import GREY, NOT_GIVEN, UNKNOWN, barh, unknown_band
from vvvanalysis.data import load_yaml
from vvvanalysis.sources import source_label
from vvvanalysis.literal import bullets, display
from vvvanalysis.style import FIG_WIDTH, PALETTE, finish

SOURCE = "kommunesurvey"


def _answers_with_remainder(ctx, data, xlabel: str):
    """Single-choice answers of n respondents: the known counts, and n minus their sum as 'ikke oplyst'."""
    n = int(data["n"].iloc[0])
    labels = list(data["label"])
    counts = [int(c) for c in data["count"]]
    colors = [PALETTE[i % len(PALETTE)] for i in range(len(labels))]
    missing = n - sum(counts)
    if missing > 0:
        labels.append(UNKNOWN)
        counts.append(missing)
        colors.append(GREY)
    fig, ax = barh(labels, counts, n, colors=colors, unknown_last=missing > 0)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
    ax.set_xlabel(xlabel)
    finish(fig, source=source_label(ctx.data, SOURCE), n=n, example_data=ctx.example_data)
    return fig


def fig_henvisning(ctx):
    """Fig. 1: kommuner, der henviser målgruppen til VVV."""
    return _answers_with_remainder(ctx, indicators.fig1(ctx.data), "Antal kommuner")


def fig_henvisningsrutiner(ctx):
    """Fig. 2: kommunernes rutiner for henvisning (multiple choice; kun kommuner, der henviser).

    Multiple choice: the unknown categories cannot be computed as a remainder, so they are one
    hatched row without a length.
    """
    data = indicators.fig2(ctx.data)
    n = int(data["n"].iloc[0])
    labels = list(data["label"]) + [f"Øvrige svarkategorier ({NOT_GIVEN})"]
    counts = [int(c) for c in data["count"]]
    fig, ax = barh(labels[:-1], counts, n, colors=[PALETTE[0]] * len(counts))
    ax.xaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
    _add_unknown_row(fig, ax, labels)
    ax.set_xlabel("Antal kommuner (flere svar mulige)")
    finish(fig, source=source_label(ctx.data, SOURCE), n=n, example_data=ctx.example_data)
    return fig


def _add_unknown_row(fig, ax, labels):
    """Extend a charts.barh chart (rows at y = k-1 … 0) by one hatched 'ikke oplyst' row at y = -1."""
    known = len(labels) - 1
    ax.set_ylim(-1.6, known - 0.4)
    ax.set_yticks(list(range(known))[::-1] + [-1], labels)
    unknown_band(ax, -1)
    width, height = fig.get_size_inches()
    fig.set_size_inches(width, height + 0.42)


def _ratings(ctx, topic: str, xlabel: str):
    """Fig. 3 / Fig. 5: the rating of the cooperation per organisation; known counts and the unknown rest."""
    data = indicators.fig3(ctx.data)
    organisations = list(dict.fromkeys(data["organisation"]))
    known = data[data["topic"] == topic]
    fig, axes = plt.subplots(1, len(organisations), figsize=(FIG_WIDTH, 2.3), sharex=True)
    axes = list(axes) if len(organisations) > 1 else [axes]
    xmax = max([int(c) for c in known["count"]] + [1]) * 4
    for ax, org in zip(axes, organisations):
        rows = known[known["organisation"] == org]
        labels = list(rows["rating"]) + [f"Øvrige vurderinger\n({NOT_GIVEN})"]
        y = list(range(len(labels)))[::-1]
        bars = ax.barh(y[:-1], [int(c) for c in rows["count"]], color=PALETTE[0], height=0.62)
        for bar in bars:
            ax.text(bar.get_width() + xmax * 0.02, bar.get_y() + bar.get_height() / 2,
                    danish.number(bar.get_width()), va="center", fontsize=8.5)
        ax.set_xlim(0, xmax)
        ax.set_ylim(-0.6, len(labels) - 0.4)
        unknown_band(ax, y[-1], text="fordeling ikke oplyst", xmax=xmax)
        ax.set_yticks(y, labels)
        ax.set_title(org, fontsize=9.5)
        ax.set_xlabel(xlabel)
        ax.xaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
        ax.xaxis.set_major_formatter(danish.axis_number_formatter())
        ax.grid(axis="y", visible=False)
    finish(fig, source=source_label(ctx.data, SOURCE), n=None, example_data=ctx.example_data)
    return fig


def fig_vurdering_vvv(ctx):
    """Fig. 3: kommunernes vurdering af samarbejdet med RK / DRC om VVV (kun de kendte værdier)."""
    return _ratings(ctx, "vvv", "Antal kommuner")


def fig_vurdering_oevrigt(ctx):
    """Fig. 5: kommunernes vurdering af det øvrige samarbejde med RK / DRC (notatet oplyser ingen værdier)."""
    return _ratings(ctx, "andet", "Antal kommuner")


def fig_andet_samarbejde(ctx):
    """Fig. 4: kommuner, der samarbejder med RK / DRC om andre aktiviteter end VVV."""
    return _answers_with_remainder(ctx, indicators.fig4(ctx.data), "Antal kommuner")


# --- Lists from the round's data (Markdown) -----------------------------------------------------------
def _count_text(count: int, singular: str, plural: str) -> str:
    return f"{danish.number(count)} {singular if count == 1 else plural}"


def _kontekst_items(ctx, key: str) -> list[dict]:
    return load_yaml(ctx.data, "kontekst")[key]["items"]


def aarsager_nej(ctx) -> Markdown:
    """The primary reasons of the kommuner answering 'Nej' in Fig. 1, as the memo lists them."""
    items = _kontekst_items(ctx, "aarsager_ikke_henvisning")
    return display(bullets(item["text"] for item in items))


def forbedringsforslag(ctx) -> Markdown:
    """Improvement wishes for the cooperation, with the number of comments each."""
    items = _kontekst_items(ctx, "forbedringsoensker_samarbejde")
    return display(bullets(f"{item['text']} ({_count_text(int(item['count']), 'kommentar', 'kommentarer')})"
                           for item in items))


def oevrige_aktiviteter(ctx) -> Markdown:
    """Other activities the kommuner cooperate with RK / DRC on (Fig. 4's 'Ja')."""
    items = _kontekst_items(ctx, "oevrige_samarbejdsaktiviteter")
    return display(bullets(item["text"] for item in items))
