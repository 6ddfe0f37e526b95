"""Kapitel 3–5: evalueringens formål, organisering, målgruppe, forandringsteori og datagrundlag.

Texts are the memo's words from kontekst.yaml, organisation.yaml and forandringsteori.yaml; the data
basis comes from datagrundlag.csv with who collected it from kilder.csv.
"""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
from IPython.display import Markdown
from matplotlib.patches import FancyArrow, FancyBboxPatch

from vvvanalysis import danish
from vvvanalysis.data import load_table, load_yaml
from vvvanalysis.literal import blockquote, blocks, bullets, display
from vvvanalysis.sources import source_label
from vvvanalysis.style import FIG_WIDTH, PALETTE, finish, text_on
from vvvanalysis.tables import Column, markdown_table

NOT_GIVEN = "ikke oplyst"
PROGRAMME_PREFIX = "p-"   # forandringsteori.yaml: activity ids 'p-…' are programme-level activities


def _kontekst(round_ref, key: str):
    return load_yaml(round_ref, "kontekst")[key]


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


# --- Kapitel 3 ------------------------------------------------------------------------------------------
def evalueringens_formaal(ctx) -> Markdown:
    """The evaluation's purposes as bullets, verbatim."""
    return display(bullets(i["text"] for i in _kontekst(ctx.data, "evalueringens_formaal")["items"]))


# --- Kapitel 4 ------------------------------------------------------------------------------------------
def organisation_rows(round_ref) -> list[list[str]]:
    """One row per level. A level's 'summary' (the evaluator's noun phrases) is what a table prints; the
    memo's sentences, cut out of their context ('ledes og faciliteres projektet af …'), are its fallback."""
    levels = load_yaml(round_ref, "organisation")["levels"]
    rows = []
    for level in levels:
        summary = level.get("summary")
        actors = summary["actors"] if summary else "; ".join(level["actors"])
        tasks = summary["tasks"] if summary else " · ".join(level["tasks"])
        rows.append([_first_upper(level["name"]), actors, tasks])
    return rows


def organisering(ctx) -> Markdown:
    """The organisation's levels: actors and tasks on each level, verbatim."""
    return display(markdown_table(organisation_rows(ctx.data), [
        Column("Niveau", 18, "left"), Column("Centrale aktører", 30, "left"), Column("Opgaver", 52, "left")]))


def indsatsens_formaal(ctx) -> Markdown:
    return display(blockquote(_kontekst(ctx.data, "indsatsens_formaal")["text"]))


def maalgruppe(ctx) -> Markdown:
    """The target-group definition, whom it includes, and the conditions for taking part, verbatim."""
    definition = _kontekst(ctx.data, "maalgruppe_definition")["text"]
    includes = _kontekst(ctx.data, "maalgruppe_inkluderer")["items"]
    conditions = _kontekst(ctx.data, "deltagerbetingelser")["text"]
    return display(blocks(blockquote(definition), "Målgruppen inkluderer:", bullets(i["text"] for i in includes),
                          conditions))


def theory_columns(round_ref) -> list[tuple[str, list[dict]]]:
    """The theory of change as columns from left to right: (heading, records)."""
    toc = load_yaml(round_ref, "forandringsteori")
    activities = toc["activities"]
    programme = [a for a in activities if a["id"].startswith(PROGRAMME_PREFIX)]
    pairs = [a for a in activities if not a["id"].startswith(PROGRAMME_PREFIX)]
    columns = [("Aktiviteter på programniveau", programme), ("Aktiviteter i matchparrene", pairs),
               ("Resultater: udbytte for deltagerne", toc["outcomes"]), ("Overordnet formål", toc["impact"])]
    return [(title, items) for title, items in columns if items]


def fig_forandringsteori(ctx):
    """Forandringsteorien: aktiviteter → resultater (udbytte) → overordnet formål, one box per record."""
    columns = theory_columns(ctx.data)
    colours = [PALETTE[0], PALETTE[0], PALETTE[2], PALETTE[1]][: len(columns)]
    font, line_h, pad, gap, arrow_w = 6.6, 0.118, 0.07, 0.09, 0.24
    col_w = (FIG_WIDTH - arrow_w * (len(columns) - 1)) / len(columns)
    wrap = int(col_w * 72 / (font * 0.62))
    wrapped = [[textwrap.fill(_first_upper(r["text"]), wrap) for r in items] for _, items in columns]
    heights = [[line_h * (t.count("\n") + 1) + 2 * pad for t in texts] for texts in wrapped]
    header_h = 0.42
    body_h = max(sum(h) + gap * (len(h) - 1) for h in heights)
    total_h = header_h + 0.1 + body_h
    fig, ax = plt.subplots(figsize=(FIG_WIDTH, total_h + 0.25))
    ax.set_xlim(0, FIG_WIDTH)
    ax.set_ylim(0, total_h)
    ax.axis("off")
    for c, ((title, items), texts, hs, colour) in enumerate(zip(columns, wrapped, heights, colours)):
        x = c * (col_w + arrow_w)
        ax.add_patch(FancyBboxPatch((x, body_h + 0.1), col_w, header_h - 0.04, boxstyle="round,pad=0,rounding_size=0.04",
                                    facecolor=colour, edgecolor="none"))
        ax.text(x + col_w / 2, body_h + 0.1 + (header_h - 0.04) / 2, textwrap.fill(title, wrap - 2), ha="center",
                va="center", fontsize=font + 0.4, color=text_on(colour), fontweight="bold")
        used = sum(hs) + gap * (len(hs) - 1)
        y = body_h - (body_h - used) / 2
        for record, text, h in zip(items, texts, hs):
            y -= h
            box = FancyBboxPatch((x, y), col_w, h, boxstyle="round,pad=0,rounding_size=0.03", facecolor=colour,
                                 alpha=0.14, edgecolor=colour, linewidth=0.8)
            box.set_gid(record["id"])
            ax.add_patch(box)
            ax.text(x + 0.06, y + h / 2, text, ha="left", va="center", fontsize=font, color="#1a1a1a")
            y -= gap
        if c < len(columns) - 1:
            ax.add_patch(FancyArrow(x + col_w + 0.03, body_h / 2, arrow_w - 0.06, 0, width=0.07, head_width=0.17,
                                    head_length=0.09, length_includes_head=True, color="#555555"))
    finish(fig, source=source_label(ctx.data, "projektbeskrivelse"), example_data=ctx.example_data)
    return fig


# --- Kapitel 5 ------------------------------------------------------------------------------------------
def datagrundlag_rows(round_ref) -> list[list[str]]:
    frame = load_table(round_ref, "datagrundlag")
    owners = load_table(round_ref, "kilder").set_index("key")["owner"]
    rows = []
    for r in frame.itertuples():
        if r.kind == "foerste_udgave":   # the correction note's count, not a source of the method table
            continue
        has_period = r.period_start is not None and r.period_end is not None and str(r.period_start) != "NaT"
        period = danish.period(r.period_start, r.period_end) if has_period else NOT_GIVEN
        rows.append([r.label, f"{danish.number(r.count)}{danish.NBSP}{r.unit}", period, owners[r.source]])
    return rows


def tabel_datagrundlag(ctx) -> Markdown:
    """The data basis: each interview group and survey with count, period and who collected it."""
    return display(markdown_table(datagrundlag_rows(ctx.data), [
        Column("Datagrundlag", 38, "left"), Column("Antal", 18, "right"), Column("Periode", 20, "left"),
        Column("Indsamlet af", 24, "left")]))
