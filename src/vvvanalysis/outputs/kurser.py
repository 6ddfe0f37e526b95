"""Afsnit 6.4: de frivilliges kompetenceudvikling (Tabel 8, Fig. 9 og Fig. 10)."""

from __future__ import annotations

import matplotlib.pyplot as plt

from vvvanalysis import danish, indicators, uncertainty
from vvvanalysis.disclosure import SHOWN, SUPPRESSED, Disclosure, legend
from vvvanalysis.sources import source_label
from vvvanalysis.style import FIG_WIDTH, LABEL_BOX, PALETTE, finish
from vvvanalysis.tables import Column, show

FORMATS = {"fysisk": "Fysisk fremmøde", "webinar": "Webinar"}


def tabel_kurser(ctx):
    """Tabel 8: afholdte kurser og workshops med dato, deltagerantal og form, and a total row."""
    t = indicators.tabel8(ctx.data)
    rule = Disclosure(ctx.config, "tabel8_kurser")
    statuses = rule.statuses(t, "participants")   # with the total printed, one hidden course would be I alt − rest
    rows = []
    for r, status in zip(t.itertuples(), statuses):
        name = r.course + (" (workshop)" if r.kind == "workshop" else "")
        rows.append([name, danish.date(r.date), rule.cell(r.participants, status), FORMATS.get(r.format, r.format)])
    total = int(t["participants"].sum())
    rows.append(["I alt", "", SUPPRESSED if rule.total_withheld(t, "participants") else danish.number(total), ""])
    return show(rows, [Column("Kursus", 34, "left"), Column("Dato", 18, "left"),
                       Column("Deltagere", 10), Column("Form", 16, "left")])


def _agreement(ctx, data):
    """Shares with Wilson 95 % error bars (n < 100), one bar per answer in the order of the data. Under the
    round's disclosure control a count below min_count shows as 'under 3', with neither bar nor interval
    (either would give the count back)."""
    rule = Disclosure(ctx.config, "kursusevaluering_svar")
    n = int(data["n"].iloc[0])
    labels = list(data["label"])
    y = list(range(len(labels)))[::-1]
    statuses = rule.statuses(data)   # n is printed: a lone hidden answer is withheld with the next-smallest
    hidden = [s != SHOWN for s in statuses]
    shares = [0.0 if h else s for h, s in zip(hidden, data["share"])]
    fig, ax = plt.subplots(figsize=(FIG_WIDTH, 0.7 + 0.45 * len(labels)))
    ax.barh(y, shares, color=PALETTE[0], height=0.6)
    bounds = [(s, s) if h else uncertainty.wilson(int(c), n) for h, s, c in zip(hidden, shares, data["count"])]
    low = [max(0.0, s - lo) for s, (lo, _) in zip(shares, bounds)]
    high = [max(0.0, hi - s) for s, (_, hi) in zip(shares, bounds)]
    shown = [i for i, h in enumerate(hidden) if not h]
    ax.errorbar([shares[i] for i in shown], [y[i] for i in shown], xerr=[[low[i] for i in shown], [high[i] for i in shown]],
                fmt="none", ecolor="#333333", elinewidth=1, capsize=3)
    for yy, share, (_, hi), count, status in zip(y, shares, bounds, data["count"], statuses):
        label = rule.cell(count, status) if status != SHOWN else f"{danish.percent(share)} ({danish.number(int(count))})"
        ax.text(hi + 0.015, yy, label, va="center", fontsize=8.5, bbox=LABEL_BOX)
    ax.set_yticks(y, labels)
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(danish.axis_percent_formatter())
    ax.set_xlabel("Andel af kursisterne (streger: 95 %-interval)")
    ax.grid(axis="y", visible=False)
    key = legend(statuses, rule.threshold)   # what 'under 3' and '–' mean, next to the source
    finish(fig, source=source_label(ctx.data, "kursusevaluering") + (f" ({key})" if key else ""),
           n=None if rule.total_withheld(data) else n, example_data=ctx.example_data)
    return fig


def fig_viden(ctx):
    """Fig. 9: har du fået viden, som du kan bruge i dit arbejde som frivillig?"""
    return _agreement(ctx, indicators.fig9(ctx.data))


def fig_redskaber(ctx):
    """Fig. 10: har du fået konkrete redskaber, som du kan bruge i dit arbejde som frivillig?"""
    return _agreement(ctx, indicators.fig10(ctx.data))
