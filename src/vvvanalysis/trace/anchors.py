"""Paragraph anchors: where each paragraph of the report was written, carried invisibly into the DOCX.

The built-in engine puts an empty span with the id p_<chapter>_<line> before the first line of each prose
paragraph (chapter = its number in the book's chapter list, appendices after the chapters; line = the line in
the chapter file). report/_filters/kilde.lua turns it into a Word bookmark in the DOCX and drops it elsewhere.
Bookmarks are invisible to readers and Word and LibreOffice keep them when they save, so `vvv comments` finds
the paragraph a reviewer commented on without searching for its text. Numbers from data carry a bookmark
k<hash>_<n> of their key (trace.catalogue.bookmark).

Quarto reads the chapters itself, so the same anchors reach its DOCX another way: `vvv execute` stages
report/<round>/_generated/afsnit.json (`paragraph_map`: each chapter's number, the sha1 of its text and its
paragraph starts, by this module's one rule), and kilde.lua, knowing from Quarto's file markers which chapter a
paragraph belongs to, anchors the paragraph that pandoc reads from that start line. A chapter changed since
(another sha1) gets no anchors rather than wrong ones.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

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


def chapter_numbers(project) -> dict[Path, int]:
    """Chapter file -> its number in the anchors: its place in the book's chapter list, appendices after."""
    return {c: i for i, c in enumerate([*project.chapters, *project.appendices], start=1)}


def paragraph_map(project) -> str:
    """afsnit.json for kilde.lua under Quarto: {chapter path from the project root: {chapter, sha1, starts}}."""
    out = {}
    for path, number in chapter_numbers(project).items():
        if path.is_file():
            data = path.read_bytes()
            out[path.relative_to(project.root).as_posix()] = {
                "chapter": number, "sha1": hashlib.sha1(data).hexdigest(),
                "starts": sorted(paragraph_starts(data.decode("utf-8-sig")))}
    return json.dumps(out, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


# --- data anchors: text that a data file wrote ------------------------------------------------------------------
# A recommendation or a quote is printed from one line of its YAML file; the markdown that prints it starts with
# an empty span d_<token>_<line> (token: the first 6 hex of the sha1 of the file's path from the project root,
# e.g. "data/midterm/anbefalinger.yaml"). kilde.lua keeps it only in the DOCX, as a bookmark. Table cells get
# c_<token of the float id>_<row>_<column> (report/_filters/kilde-data.lua, DOCX only); comments.py reads both.


def token(name: str) -> str:
    return hashlib.sha1(name.encode("utf-8")).hexdigest()[:6]


def data_anchor(file: str, line: int) -> str:
    """The markdown of an invisible anchor naming line `line` of data file `file` (path from the project root)."""
    return f"[]{{#d_{token(file)}_{line}}}"


def field_lines(path: Path, list_key: str, field: str) -> dict[str, int]:
    """id -> the line (from 1) where the `field` of each item of the YAML list `list_key` starts, read from the
    parser's own positions (the same count as the data errors)."""
    from vvvanalysis.data.readers import read_yaml

    _data, root = read_yaml(path)
    items = next((value for key, value in root.value if key.value == list_key), None)
    out = {}
    for item in items.value if items is not None else []:
        fields = {key.value: value for key, value in item.value}
        if "id" in fields and field in fields:
            out[str(fields["id"].value)] = fields[field].start_mark.line + 1
    return out
