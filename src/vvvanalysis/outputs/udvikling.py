"""Udvikling siden forrige runde (final round only): counts and survey shares of both rounds side by side."""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np

from vvvanalysis import comparison, danish
from vvvanalysis.config import load_config
from vvvanalysis.disclosure import SHOWN, SUPPRESSED, Disclosure
from vvvanalysis.sources import source_label
from vvvanalysis.style import ACCENT, FIG_WIDTH, PALETTE, PHONE, WIDE, finish, panels
from vvvanalysis.literal import strong
from vvvanalysis.tables import Column, show

SHARE_LABEL_WIDTH = 62   # characters per line of a share's label in the figure (wrapped, never cut)


def _when(value) -> str:
    return value if isinstance(value, str) else danish.month(value)


def _labels(ctx) -> tuple[str, str]:
    _prev, cur = comparison.rounds(ctx.data)
    return comparison.previous_names(ctx.data)[1], cur.round_label


def tabel_omfang(ctx):
    """Counts of both rounds: previous and current value (with when measured) and the change."""
    t = comparison.counts(ctx.data)
    before, now = _labels(ctx)
    rows = [[r.label, f"{danish.number(r.previous)} ({_when(r.previous_when)})",
             f"{danish.number(r.current)} ({_when(r.current_when)})", danish.signed(r.change)]
            for r in t.itertuples()]
    return show(rows, [Column("Indikator", 34, "left"), Column(before, 18), Column(now, 18), Column("Ændring", 9)])


def figur_omfang(ctx, layout=WIDE):
    """Paired bars per count, each count on its own scale (index: the previous round = 100); one panel per count
    side by side, or for a phone (layout PHONE) two to a row."""
    t = comparison.counts(ctx.data)
    before, now = _labels(ctx)
    fig, axes = panels(len(t), layout, height=2.6, phone_height=1.9)
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
               labels=[f"Før: {before}", f"Nu: {now}"], loc="lower center", fontsize=8,
               # on a phone's column the two entries do not fit side by side: one above the other
               ncol=2 if layout == WIDE else 1, bbox_to_anchor=(0.5, -0.06 if layout == WIDE else -0.07))
    fig.subplots_adjust(bottom=0.18)
    sources = "; ".join(source_label(ctx.data, key) for key in ("status", "podio", "kursusoversigt"))
    finish(fig, source=sources, example_data=ctx.example_data, layout=layout, phone=lambda: figur_omfang(ctx, PHONE))
    return fig


def _share(share: float, count: int, n: int, rule: Disclosure, status: str) -> str:
    if status != SHOWN:   # a share would give the hidden count back
        return f"{rule.cell(count, status)}/{danish.number(n)}"
    return f"{danish.percent(share)} ({danish.number(count)}/{danish.number(n)})"


def _rules(ctx, key: str) -> tuple[Disclosure, Disclosure]:
    """Each round's own disclosure rule for the table the share is counted in."""
    prev, cur = comparison.rounds(ctx.data)
    table = comparison.SHARE_TABLES[key]
    return Disclosure(prev, table), Disclosure(cur, table)


def _statuses(ctx, t) -> dict[str, tuple[dict[str, str], dict[str, str]]]:
    """Per share question: each round's status of every answer, decided on the whole question as its figure
    decides it (a cell withheld there to protect a small one is withheld here too)."""
    prev, cur = comparison.rounds(ctx.data)
    funcs = {key: func for key, _question, func in comparison.SHARES}
    out = {}
    for key in t["key"].unique():
        pair = []
        for rule, cfg in zip(_rules(ctx, key), (prev, cur)):
            frame = funcs[key](cfg.folder)
            pair.append(dict(zip(frame["label"], rule.statuses(frame))))
        out[key] = tuple(pair)
    return out


def _hidden(statuses, r) -> bool:
    before, now = statuses[r.key]
    return before[r.label] != SHOWN or now[r.label] != SHOWN


def tabel_andele(ctx):
    """Every survey share of both rounds: share (count/n) before and now, change in percentage points
    with its 95 % interval, and what the interval allows one to say. Under disclosure control a small
    person count shows as 'under 3', and its share, change and interval as '–'."""
    t = comparison.shares(ctx.data)
    before, now = _labels(ctx)
    statuses = _statuses(ctx, t)
    rows = []
    for question, part in t.groupby("question", sort=False):
        rows.append([strong(question), "", "", "", ""])
        for r in part.itertuples():
            rule_before, rule_now = _rules(ctx, r.key)
            hidden = _hidden(statuses, r)
            status_before, status_now = (s[r.label] for s in statuses[r.key])
            rows.append([r.label, _share(r.previous_share, r.previous_count, r.previous_n, rule_before, status_before),
                         _share(r.current_share, r.current_count, r.current_n, rule_now, status_now),
                         # the difference of the two percentages as printed, so the row adds up to the eye
                         SUPPRESSED if hidden else f"{danish.signed(r.printed_change)}{danish.NBSP}pct.-point",
                         SUPPRESSED if hidden else f"{danish.signed(r.low * 100)} til {danish.signed(r.high * 100)}"])
    return show(rows, [Column("Svar", 36, "left"), Column(before, 13), Column(now, 13), Column("Ændring", 15),
                       Column("95 %-interval", 12)])


def figur_andele(ctx):
    """The change of every share in percentage points with its 95 % interval, grouped by question; grey where
    the interval covers 0 (the difference may be chance)."""
    t = comparison.shares(ctx.data)
    statuses = _statuses(ctx, t)
    labels, diffs, lows, highs, colors, heads = [], [], [], [], [], []
    for question, part in t.groupby("question", sort=False):
        heads.append(len(labels))
        labels.append(question)
        diffs.append(np.nan), lows.append(np.nan), highs.append(np.nan), colors.append("none")
        for r in part.itertuples():
            labels.append(textwrap.fill(r.label, SHARE_LABEL_WIDTH))
            if _hidden(statuses, r):   # disclosure control: no point or interval that gives a small count back
                diffs.append(np.nan), lows.append(np.nan), highs.append(np.nan), colors.append("none")
                continue
            # the point is the change the table prints (difference of the rounded shares)
            diffs.append(r.printed_change), lows.append(r.low * 100), highs.append(r.high * 100)
            colors.append(PALETTE[7] if r.covers_zero else ACCENT)
    # A row is as tall as its label's lines: a wrapped label never reaches into the next row.
    pitch = [1.0 + 0.8 * label.count("\n") for label in labels]
    centres = np.cumsum(pitch) - np.asarray(pitch) / 2
    y = centres[-1] + pitch[-1] / 2 - centres
    fig, ax = plt.subplots(figsize=(FIG_WIDTH, 0.8 + 0.135 * sum(pitch)))
    ax.hlines(y, lows, highs, colors=colors, linewidth=2)
    ax.scatter(diffs, y, color=colors, zorder=3, s=14)
    ax.axvline(0, color="#333333", linewidth=0.8)
    ax.set_yticks(y, labels, fontsize=6.5)
    for i in heads:
        ax.get_yticklabels()[i].set_fontweight("bold")
    ax.set_xlabel("Ændring i procentpoint (95 %-interval)", fontsize=8)
    ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda x, _p: danish.signed(x)))
    ax.grid(axis="y", visible=False)
    ax.set_ylim(0, sum(pitch))
    cfg = load_config(str(ctx.data))
    finish(fig, source=f"{cfg.round_label} og forrige evaluering; spørgeskemaerne i kildeoversigten",
           example_data=ctx.example_data)
    return fig
