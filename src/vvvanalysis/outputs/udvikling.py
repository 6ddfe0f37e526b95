"""Udvikling siden forrige runde (final round only): counts and survey shares of both rounds side by side."""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np

from vvvanalysis import comparison, danish
from vvvanalysis.config import load_config
from vvvanalysis.sources import source_label
from vvvanalysis.style import ACCENT, FIG_WIDTH, PALETTE, finish
from vvvanalysis.tables import Column, show

SHARE_LABEL_WIDTH = 46   # characters per line of a share's label in the figure


def _when(value) -> str:
    return value if isinstance(value, str) else danish.month(value)


def _labels(ctx) -> tuple[str, str]:
    prev, cur = comparison.rounds(ctx.data)
    return prev.round_label, cur.round_label


def tabel_omfang(ctx):
    """Counts of both rounds: previous and current value (with when measured) and the change."""
    t = comparison.counts(ctx.data)
    before, now = _labels(ctx)
    rows = [[r.label, f"{danish.number(r.previous)} ({_when(r.previous_when)})",
             f"{danish.number(r.current)} ({_when(r.current_when)})", danish.signed(r.change)]
            for r in t.itertuples()]
    return show(rows, [Column("Indikator", 34, "left"), Column(before, 18), Column(now, 18), Column("Ændring", 9)])


def figur_omfang(ctx):
    """Paired bars per count, each count on its own scale (index: the previous round = 100)."""
    t = comparison.counts(ctx.data)
    before, now = _labels(ctx)
    fig, axes = plt.subplots(1, len(t), figsize=(FIG_WIDTH, 2.6))
    for ax, r in zip(axes, t.itertuples()):
        bars = ax.bar([0, 1], [r.previous, r.current], color=[PALETTE[7], PALETTE[0]], width=0.7)
        top = max(r.previous, r.current)
        for bar, value in zip(bars, (r.previous, r.current)):
            ax.text(bar.get_x() + bar.get_width() / 2, value + top * 0.02, danish.number(value), ha="center",
                    va="bottom", fontsize=7.5)
        ax.set_ylim(0, top * 1.2)
        ax.set_xticks([0, 1], ["Før", "Nu"], fontsize=8)
        ax.set_yticks([])
        ax.spines["left"].set_visible(False)
        ax.grid(False)
        ax.set_title("\n".join(textwrap.wrap(r.label, 16)), fontsize=7.5, fontweight="normal", loc="center")
    fig.legend(handles=[plt.Rectangle((0, 0), 1, 1, color=PALETTE[7]), plt.Rectangle((0, 0), 1, 1, color=PALETTE[0])],
               labels=[f"Før: {before}", f"Nu: {now}"], loc="lower center", ncol=2, fontsize=8,
               bbox_to_anchor=(0.5, -0.06))
    fig.subplots_adjust(bottom=0.18)
    sources = "; ".join(source_label(ctx.data, key) for key in ("status", "podio", "kursusoversigt"))
    finish(fig, source=sources, example_data=ctx.example_data)
    return fig


def tabel_andele(ctx):
    """Every survey share of both rounds: share (count of n) before and now, change in percentage points
    with its 95 % interval, and what the interval allows one to say."""
    t = comparison.shares(ctx.data)
    before, now = _labels(ctx)
    rows = []
    for question, part in t.groupby("question", sort=False):
        rows.append([f"**{question}**", "", "", "", ""])
        for r in part.itertuples():
            rows.append([r.label,
                         f"{danish.percent(r.previous_share)} ({danish.count_of(r.previous_count, r.previous_n)})",
                         f"{danish.percent(r.current_share)} ({danish.count_of(r.current_count, r.current_n)})",
                         f"{danish.points(r.diff)} ({danish.signed(r.low * 100)} til {danish.signed(r.high * 100)})",
                         r.reading])
    return show(rows, [Column("Svar", 36, "left"), Column(before, 14), Column(now, 14),
                       Column("Ændring (95 %-interval)", 18), Column("Vurdering", 18, "left")])


def figur_andele(ctx):
    """The change of every share in percentage points with its 95 % interval; grey where it covers 0."""
    t = comparison.shares(ctx.data)
    labels = [textwrap.shorten(f"{r.question}: {r.label}", SHARE_LABEL_WIDTH * 2, placeholder=" …") for r in t.itertuples()]
    labels = ["\n".join(textwrap.wrap(label, SHARE_LABEL_WIDTH)) for label in labels]
    y = np.arange(len(t))[::-1]
    fig, ax = plt.subplots(figsize=(FIG_WIDTH, 0.9 + 0.3 * len(t)))
    colors = [PALETTE[7] if c else ACCENT for c in t["covers_zero"]]
    ax.hlines(y, t["low"] * 100, t["high"] * 100, colors=colors, linewidth=2)
    ax.scatter(t["diff"] * 100, y, color=colors, zorder=3, s=18)
    ax.axvline(0, color="#333333", linewidth=0.8)
    ax.set_yticks(y, labels, fontsize=6.5)
    ax.set_xlabel("Ændring i procentpoint (95 %-interval)")
    ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda x, _p: danish.signed(x)))
    ax.grid(axis="y", visible=False)
    ax.set_ylim(-0.7, len(t) - 0.3)
    n = int(t["current_n"].max()) if len(t) else None
    cfg = load_config(str(ctx.data))
    finish(fig, source=f"{cfg.round_label} og forrige runde; spørgeskemaer (se kildeoversigten)", n=n,
           example_data=ctx.example_data)
    return fig
