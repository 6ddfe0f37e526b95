"""Afsnit 6.2: etablering af matches (Tabel 6)."""

from __future__ import annotations

from vvvanalysis import danish, indicators
from vvvanalysis.tables import Column, show


def tabel_reorganisering(ctx):
    """Tabel 6: betydningen af nedgangen i antallet af flygtninge for kommunernes organisering."""
    t = indicators.tabel6(ctx.data)
    rows = [[r.label, danish.number(r.count), danish.percent(r.share)] for r in t.itertuples()]
    return show(rows, [Column("Ændring i kommunens integrationsindsats", 60, "left"),
                       Column("Antal", 8), Column("Andel*", 8)])
