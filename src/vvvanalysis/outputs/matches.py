"""Afsnit 6.2: etablering af matches (deltagere og matches pr. år, Tabel 6)."""

from __future__ import annotations

from vvvanalysis import danish, indicators, uncertainty
from vvvanalysis.charts import NOT_GIVEN
from vvvanalysis.data import load_table
from vvvanalysis.disclosure import Disclosure
from vvvanalysis.sources import source_label
from vvvanalysis.style import ACCENT, LABEL_BOX, PALETTE, PHONE, WIDE, finish, panels
from vvvanalysis.tables import Column, show

# What each measure of deltagere_og_matches.csv counts; the figure never puts two measures on one bar.
MEASURES = {
    "aktive_ved_aarets_udgang": "Aktive ved årets udgang",
    "deltagere_i_aaret": "Deltagere i løbet af året",
    "matchede_i_aaret": "Nye matchede deltagere i året",
}


INTERVAL_HEADER = f"95{danish.NBSP}%-interval"


def interval_column(count: int, n: int) -> str:
    """The '95 %-interval' cell of a survey share; empty when n is large enough not to need one."""
    return uncertainty.interval_text(count, n) if uncertainty.needs_interval(n) else ""


def share_rows(frame) -> list[list[str]]:
    """label, Antal, Andel, 95 %-interval for every row of an indicators._shares frame."""
    return [[r.label, danish.number(r.count), danish.percent(r.share), interval_column(int(r.count), int(r.n))]
            for r in frame.itertuples()]


def tabel_reorganisering(ctx):
    """Tabel 6: betydningen af nedgangen i antallet af flygtninge for kommunernes organisering."""
    t = indicators.tabel6(ctx.data)
    return show(share_rows(t), [Column("Ændring i kommunens integrationsindsats", 50, "left"),
                                Column("Antal", 8), Column("Andel*", 8), Column(INTERVAL_HEADER, 14)])


def fig_deltagere(ctx, layout=WIDE):
    """Deltagere og matches pr. år, one panel per kind of count (stock/participation vs. new matches); side by
    side, or for a phone (layout PHONE) one above the other.

    The memo adds 7.173 (active at the end of 2018), 926 and 966 (matched in 2019 and 2020) to 9.065 and
    compares 6.063 (participants during 2020) with the target of 7.000: different measures, so each gets
    its own bar colour and label, years without a number are shown as 'ikke oplyst'.
    """
    frame = load_table(ctx.data, "deltagere_og_matches")
    rule = Disclosure(ctx.config, "deltagere_og_matches")
    target = indicators.deltagere(ctx.data)["maal"]
    years = list(range(int(frame["year"].min()), int(frame["year"].max()) + 1))
    stock = frame[frame["measure"] != "matchede_i_aaret"]
    new = frame[frame["measure"] == "matchede_i_aaret"]
    fig, (left, right) = panels(2, layout, height=3.1, phone_height=3.0, width_ratios=[1.25, 1])
    colors = {"aktive_ved_aarets_udgang": PALETTE[0], "deltagere_i_aaret": PALETTE[2], "matchede_i_aaret": PALETTE[1]}
    for ax, part, ymax in ((left, stock, target * 1.2), (right, new, float(new["count"].max()) * 1.3)):
        ax.set_ylim(0, ymax)
        for year in years:
            rows = part[part["year"] == year]
            if rows.empty:
                # No bar for a year without a number: a placeholder bar would be the tallest mark of the panel.
                ax.text(year, ymax * 0.04, NOT_GIVEN.replace(" ", "\n"), ha="center", va="bottom",
                        fontsize=7.5, color="#555555", style="italic", bbox=LABEL_BOX)
                continue
            row = rows.iloc[0]
            height = 0 if rule.hidden(row["count"]) else row["count"]   # no bar that gives a small count back
            ax.bar([year], [height], color=colors[row["measure"]], width=0.6, label=MEASURES[row["measure"]])
            ax.text(year, height + ymax * 0.015, rule.count(row["count"]), ha="center", va="bottom", fontsize=8.5,
                    bbox=LABEL_BOX)
        ax.set_xticks(years, [str(y) for y in years])
        ax.set_xlim(years[0] - 0.6, years[-1] + 0.6)   # room for an 'ikke oplyst' year clear of the axis
        ax.yaxis.set_major_formatter(danish.axis_number_formatter())
        ax.grid(axis="x", visible=False)
    # The target goes into the legend, not beside the line, so it never collides with a bar's label.
    left.axhline(target, color=ACCENT, linestyle="--", linewidth=1,
                 label=f"Succeskriterium: {danish.number(target)} aktive deltagere")
    left.set_ylabel("Antal personer")
    for ax in (left, right):
        handles = dict(zip(*reversed(ax.get_legend_handles_labels())))   # one entry per measure
        ax.legend(handles.values(), handles.keys(), loc="upper left", fontsize=7.5, bbox_to_anchor=(0, -0.12))
    sources = [source_label(ctx.data, key) for key in dict.fromkeys(frame["source"])]
    finish(fig, source="; ".join(sources), n=None, example_data=ctx.example_data, layout=layout,
           phone=lambda: fig_deltagere(ctx, PHONE))
    return fig
