"""Opfølgning på forrige rundes anbefalinger (final round only): status per recommendation and a summary."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from vvvanalysis import comparison, danish
from vvvanalysis.data import load_table, load_yaml
from vvvanalysis.data.loader import check_followup
from vvvanalysis.data.tables import FOLLOWUP_STATUS
from vvvanalysis.paths import round_dir
from vvvanalysis.sources import source_label
from vvvanalysis.style import PALETTE, finish, text_on
from vvvanalysis.tables import Column, show

STATUS_TEXT = {"gennemført": "Gennemført", "delvist": "Delvist gennemført", "ikke": "Ikke gennemført",
               "ukendt": "Status ukendt"}
STATUS_COLOR = {"gennemført": PALETTE[2], "delvist": PALETTE[1], "ikke": PALETTE[3], "ukendt": "#bbbbbb"}


def followup(round_ref) -> pd.DataFrame:
    """opfoelgning.csv joined with the previous round's recommendation text (verbatim), in its order."""
    folder = round_dir(round_ref)
    frame = load_table(folder, "opfoelgning")
    check_followup(folder, frame)
    previous = comparison.previous_round(folder)
    texts = {r["id"]: r["text"] for r in load_yaml(previous, "anbefalinger")["anbefalinger"]}
    order = list(texts)
    frame = frame.assign(text=frame["recommendation_id"].map(texts),
                         order=frame["recommendation_id"].map(order.index))
    return frame.sort_values("order").drop(columns="order").reset_index(drop=True)


def status_counts(round_ref) -> dict[str, int]:
    counts = followup(round_ref)["status"].value_counts()
    return {status: int(counts.get(status, 0)) for status in FOLLOWUP_STATUS}


def tabel_opfoelgning(ctx):
    """Each followed-up recommendation: id, its text verbatim from the previous round, status, comment."""
    t = followup(ctx.data)
    rows = [[r.recommendation_id, r.text, STATUS_TEXT[r.status], r.comment] for r in t.itertuples()]
    return show(rows, [Column("Nr.", 6, "left"), Column("Anbefaling (ordret)", 50, "left"),
                       Column("Status", 12, "left"), Column("Kommentar", 30, "left")])


def figur_status(ctx):
    """How many recommendations have each status (one horizontal stacked bar)."""
    counts = status_counts(ctx.data)
    total = sum(counts.values())
    fig, ax = plt.subplots(figsize=(6.3, 1.7))
    left = 0
    for status, count in counts.items():
        if not count:
            continue
        ax.barh([0], [count], left=left, color=STATUS_COLOR[status], height=0.6, label=STATUS_TEXT[status])
        ax.text(left + count / 2, 0, danish.number(count), ha="center", va="center", fontsize=9,
                color=text_on(STATUS_COLOR[status]) if status != "ukendt" else "#333333", fontweight="bold")
        left += count
    ax.set_xlim(0, total)
    ax.set_yticks([])
    ax.xaxis.set_major_formatter(danish.axis_number_formatter())
    ax.set_xlabel("Antal anbefalinger")
    ax.grid(False)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.02), ncol=4, fontsize=8)   # above: clear of the axis
    sources = sorted(set(load_table(ctx.data, "opfoelgning")["source"]))
    finish(fig, source="; ".join(source_label(ctx.data, s) for s in sources), n=total, example_data=ctx.example_data)
    return fig
