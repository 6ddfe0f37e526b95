"""Kapitel 7: status på målgruppeniveau (forandringsteoriens aktiviteter i matchparrene, Tabel 11)."""

from __future__ import annotations

from IPython.display import Markdown

from vvvanalysis import danish, indicators, uncertainty
from vvvanalysis.literal import bullets, display
from vvvanalysis.tables import Column, show


def aktiviteter(ctx) -> Markdown:
    """The theory of change's activities in the match pairs as a bullet list, verbatim from the data."""
    items = indicators.aktiviteter_matchpar(ctx.data)
    if not items:
        raise ValueError("forandringsteori.yaml has no activities for the match pairs")
    return display(bullets(items))


def tabel_udbytte(ctx):
    """Tabel 11: de kommunale samarbejdspartneres vurdering af deltagernes udbytte (Ja/Nej, andel Ja)."""
    t = indicators.tabel11(ctx.data)
    rows = [[r.label, danish.number(r.ja), danish.number(r.nej), danish.percent(r.share),
             uncertainty.interval_text(int(r.ja), int(r.n))] for r in t.itertuples()]
    level = danish.percent(uncertainty.LEVEL)   # '95 %' with a no-break space, so the header never splits there
    return show(rows, [Column("Vurderet udbytte for deltagerne", 48, "left"), Column("Ja", 6),
                       Column("Nej", 6), Column("Andel ja", 10), Column(f"{level}-interval", 15)])
