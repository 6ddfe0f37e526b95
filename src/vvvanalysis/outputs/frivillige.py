"""Afsnit 6.3: frivilligkapaciteten i kommunerne (Tabel 7)."""

from __future__ import annotations

from vvvanalysis import danish, indicators
from vvvanalysis.outputs.matches import INTERVAL_HEADER, share_rows
from vvvanalysis.tables import Column, show


def tabel_frivilligkapacitet(ctx):
    """Tabel 7: kommunernes vurdering af frivilligkapaciteten; counts reconstructed from the printed shares.

    The total row shows, like the memo, the sum of the rounded percentages (which may exceed 100 %).
    """
    t = indicators.tabel7(ctx.data)
    total = ["I alt", danish.number(int(t["count"].sum())),
             f"{danish.number(indicators.sum_of_rounded_percents(t['share']))}\u00a0%*", ""]
    return show(share_rows(t) + [total], [Column("Udsagn (sæt ét kryds)", 50, "left"), Column("Antal", 8),
                                          Column("Andel", 8), Column(INTERVAL_HEADER, 14)])
