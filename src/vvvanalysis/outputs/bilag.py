"""Bilag: datanoter (the memo's inconsistencies and our decisions), datakilder and succeskriterier."""

from __future__ import annotations

from IPython.display import Markdown

from vvvanalysis import danish
from vvvanalysis.data import load_table, load_yaml
from vvvanalysis.literal import Markup, blocks, bullets, crossref, display, emphasis, strong
from vvvanalysis.tables import Column, markdown_table

#: Report section (heading id) that gives the status of each memo section's objective.
SECTION_IDS = {"6.1": "sec-tilstedevaerelse", "6.2": "sec-matches", "6.3": "sec-frivilligkapacitet",
               "6.4": "sec-rustede", "6.5": "sec-boligomraader", "7": "sec-maalgruppeniveau"}
COMPARATOR_WORDS = {">=": "mindst", "<=": "højst", "<": "under"}


def notes(round_ref) -> list[dict]:
    return load_yaml(round_ref, "datanoter")["datanoter"]


def datanoter_markdown(round_ref) -> Markup:
    parts = []
    for i, note in enumerate(notes(round_ref), start=1):
        parts.append(blocks(
            strong(f"{i}. {note['topic']}"),   # the id is for the data, not for the reader
            "Værdier og hvor de står:",
            bullets(f"»{str(v['value']).strip()}« – {v['memo_ref']}" for v in note["values"]),
            Markup("{} {}").format(emphasis("Valg:"), note["decision"]),
            Markup("{} {}").format(emphasis("Begrundelse:"), note["reason"])))
    return Markup("\n").join(parts)


def datanoter(ctx) -> Markdown:
    """Every data note: topic, the conflicting values with their memo locations, decision and reason."""
    return display(datanoter_markdown(ctx.data))


def datakilder(ctx) -> Markdown:
    """The round's source register (kilder.csv): name, owner, date and description."""
    frame = load_table(ctx.data, "kilder")
    rows = [[r.name, r.owner, danish.month(r.date), r.description] for r in frame.itertuples()]
    return display(markdown_table(rows, [Column("Datakilde", 26, "left"), Column("Ejer", 18, "left"),
                                          Column("Tidspunkt", 12, "left"), Column("Beskrivelse", 44, "left")]))


def section_ref(section: str) -> str:
    """Memo section '6.4.1' -> '@sec-rustede' (the report section with its status), else the memo number."""
    parts = section.split(".")
    for k in range(len(parts), 0, -1):
        ref = SECTION_IDS.get(".".join(parts[:k]))
        if ref:
            return crossref(ref)
    return f"afsnit {section}"


def target_text(target: float, unit: str, comparator: str) -> str:
    """90, 'kommuner', '>=' -> 'mindst 90 kommuner'; 0.15, 'andel', '<' -> 'under 15 %'."""
    value = danish.percent(target) if unit == "andel" else f"{danish.number(target)}{danish.NBSP}{unit}"
    return f"{COMPARATOR_WORDS[comparator]}{danish.NBSP}{value}"


def succeskriterier(ctx) -> Markdown:
    """The success criteria: objective (printed once per run of the same objective), criterion, target."""
    rows, previous = [], None
    for c in load_yaml(ctx.data, "succeskriterier")["succeskriterier"]:
        # the evaluator's noun phrases where the round has them; the memo's sentences otherwise
        text = c.get("objective_short", c["objective"])
        objective = "" if text == previous else text
        previous = text
        rows.append([objective, c.get("criterion_short", c["criterion"]),
                     target_text(c["target"], c["unit"], c["comparator"]),
                     section_ref(c["section"])])
    return display(markdown_table(rows, [Column("Målsætning", 36, "left"), Column("Succeskriterium", 36, "left"),
                                          Column("Mål", 14, "left"), Column("Status i", 12, "left")]))
