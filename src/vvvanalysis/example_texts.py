"""Example prose still to be replaced: the `::: {.eksempeltekst}` divs of a round's chapter files.

A round set up before its real texts exist (the final round) carries placeholder prose. Each such passage is
wrapped in a div with the class `eksempeltekst` (docs/authoring.md); both engines render it as ordinary
text (an unknown div class is harmless to pandoc and Quarto), and the passage itself starts with a visible
"Eksempeltekst" so a reader sees what it is. `vvv validate --round R` lists every passage, with its file,
line and section, so the evaluator knows what is left to write. Listing never fails a validation: an
unfinished text is work to do, not bad input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from vvvanalysis.paths import project_root

CLASS = "eksempeltekst"
DIV_OPEN = re.compile(r"^\s*:{3,}\s*\{[^}]*\." + CLASS + r"\b[^}]*\}\s*$")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*(\{[^{}]*\})?\s*$")
FENCE = ("```", "~~~")


@dataclass(frozen=True)
class ExampleText:
    file: Path       # relative to the project root
    line: int        # the div's opening line
    section: str     # the heading the passage stands under ("" before the first heading)

    def describe(self) -> str:
        where = f"{self.file.as_posix()}:{self.line}"
        return f"{where}  {self.section}" if self.section else where


def in_text(path: Path, text: str) -> list[ExampleText]:
    """Every example-text div of one source file, with the nearest heading above it."""
    found, section, in_fence = [], "", False
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith(FENCE):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        heading = HEADING.match(line)
        if heading:
            section = heading.group(2)
        elif DIV_OPEN.match(line):
            found.append(ExampleText(path, number, section))
    return found


def pending(round_name: str) -> list[ExampleText]:
    """The example texts of a round's book in reading order (empty for a round without a book)."""
    from vvvanalysis.render.project import load_project

    root = project_root()
    if not (root / f"_quarto-{round_name}.yml").exists():
        return []
    out: list[ExampleText] = []
    for path in load_project(root, round_name).sources():
        if path.is_file():
            out += in_text(path.relative_to(root), path.read_text(encoding="utf-8"))
    return out
