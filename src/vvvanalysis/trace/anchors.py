"""Paragraph anchors: where each paragraph of the report was written, carried invisibly into the DOCX.

The built-in engine puts an empty span with the id p_<chapter>_<line> before the first line of each prose
paragraph (chapter = its number in the book's chapter list, appendices after the chapters; line = the line in
the chapter file). report/_filters/kilde.lua turns it into a Word bookmark in the DOCX and drops it elsewhere.
Bookmarks are invisible to readers and Word and LibreOffice keep them when they save, so `vvv comments` finds
the paragraph a reviewer commented on without searching for its text. Numbers from data carry a bookmark
k<hash>_<n> of their key (trace.catalogue.bookmark).
"""

from __future__ import annotations

import re

ANCHOR = re.compile(r"^p_(\d+)_(\d+)$")
NOT_PROSE = re.compile(r"^(#|:::|\||>|!\[|<|\{\{<\s*(embed|include)|[-*+]\s|\d+[.)]\s|\[\^|```|~~~|    |\t)")


def paragraph_starts(text: str) -> set[int]:
    """Line numbers (1-based) that begin a prose paragraph: after a blank line or a div fence, outside front
    matter, code fences and comments; not a heading, list, table, quote, embed or raw HTML."""
    starts, fence, comment, previous = set(), False, False, ""
    lines = text.splitlines()
    front = bool(lines) and lines[0].strip() == "---"
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if front:
            if number > 1 and stripped in {"---", "..."}:
                front = False
            previous = ""
            continue
        if stripped.startswith(("```", "~~~")):
            fence = not fence
        elif comment or stripped.startswith("<!--"):
            comment = "-->" not in stripped
        elif not fence and stripped and (not previous.strip() or previous.strip().startswith(":::")) \
                and not NOT_PROSE.match(line):
            starts.add(number)
        previous = line
    return starts


def paragraph_anchor(chapter: int, line: int) -> str:
    return f"[]{{#p_{chapter}_{line}}}"
