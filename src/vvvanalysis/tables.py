"""Tables for the report: Danish-formatted pipe tables that pandoc (and Quarto) turn into real tables
in HTML, PDF and DOCX. A notebook cell displays `as_markdown(...)`; the chapter gives the caption."""

from __future__ import annotations

from dataclasses import dataclass

from vvvanalysis.literal import Markup, display, text


@dataclass(frozen=True)
class Column:
    name: str            # header as printed
    width: int = 10      # relative width; pandoc reads it from the dashes of the separator row
    align: str = "right"  # left | right | center


def _cell(value) -> str:
    # Every cell crosses the data/document boundary here: literal text ('|' escaped too), unless our code
    # wrote it as Markup (a bold group label, a code span). None/NaN are empty cells.
    return text(value)


def markdown_table(rows: list[list], columns: list[Column]) -> Markup:
    """Rows of already formatted strings -> pipe table. Widths make long labels wrap instead of overflow."""
    header = "| " + " | ".join(_cell(c.name) for c in columns) + " |"
    marks = []
    for c in columns:
        dashes = "-" * max(3, c.width)
        marks.append({"left": ":" + dashes, "right": dashes + ":", "center": ":" + dashes + ":"}[c.align])
    sep = "|" + "|".join(marks) + "|"
    body = ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    # A long separator row makes pandoc honour the relative widths (its 'columns' threshold is 72).
    if len(sep) <= 72:
        scale = 80 // max(1, len(sep)) + 1
        sep = "|" + "|".join(m[0] + m[1:-1] * scale + m[-1] for m in marks) + "|"
    return Markup("\n".join([header, sep, *body]) + "\n")


def show(rows: list[list], columns: list[Column]):
    """Display a table in a notebook as Markdown (what the report embeds)."""
    return display(markdown_table(rows, columns))
