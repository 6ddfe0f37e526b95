"""DOCX tables declare the widths they are shown at.

pandoc's DOCX writer turns each column's share of the line (report/_filters/docx.lua) into grid widths for a fixed
5.5-inch (7920 twips) line, whatever the reference document's page, while the table itself says "100 % of the
text width". On A4 with the report's margins the line is 9638 twips, so Word and LibreOffice work from a grid
that does not fit the page. This step rescales every table's grid to its declared share of the real text width
(from the document's own section properties), keeping the zip entries, their order and their times."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

DOCUMENT = "word/document.xml"
FULL_PCT = 5000   # OOXML's 'pct' unit is fiftieths of a percent


def text_width(document: str) -> int:
    """Page width minus left and right margins (twips) of the last section: the body's line."""
    sect = re.findall(r"<w:sectPr\b.*?</w:sectPr>", document, flags=re.S)[-1]
    width = int(re.search(r'<w:pgSz\b[^>]*w:w="(\d+)"', sect).group(1))
    left = int(re.search(r'<w:pgMar\b[^>]*w:left="(\d+)"', sect).group(1))
    right = int(re.search(r'<w:pgMar\b[^>]*w:right="(\d+)"', sect).group(1))
    return width - left - right


def _fit(table: str, line: int) -> str:
    """`table` runs from a table's <w:tbl> up to its first row: its own width and grid, never a nested table's."""
    pct = re.search(r'<w:tblW w:type="pct" w:w="(\d+)"', table)
    grid = [int(w) for w in re.findall(r'<w:gridCol w:w="(\d+)"', table)]
    if not pct or not grid:
        return table
    target = line * int(pct.group(1)) // FULL_PCT
    scaled = [w * target // sum(grid) for w in grid]
    scaled[-1] += target - sum(scaled)       # the columns add up to the table's width exactly
    widths = iter(scaled)
    return re.sub(r'<w:gridCol w:w="\d+"', lambda _: f'<w:gridCol w:w="{next(widths)}"', table)


TABLE_HEAD = re.compile(r"<w:tbl>.*?(?=<w:tr\b|</w:tbl>)", re.S)


def fit_tables_to_page(path: Path) -> int:
    """Rewrite the DOCX at `path` in place; returns the number of tables whose grid was rescaled.

    Each table's properties and grid come before its first row, so every table, also one nested in another
    (Quarto puts a captioned table inside a one-cell layout table), is rescaled by its own declared width."""
    with zipfile.ZipFile(path) as source:
        entries = [(info, source.read(info.filename)) for info in source.infolist()]
    document = next(data for info, data in entries if info.filename == DOCUMENT).decode("utf-8")
    line = text_width(document)
    count = 0

    def fit(match):
        nonlocal count
        count += 1
        head = match.group(0)
        nested = document.find("<w:tbl>", match.end())
        if len(re.findall(r"<w:gridCol\b", head)) == 1 and -1 < nested < document.find("</w:tbl>", match.end()):
            # Quarto's one-cell layout table around a captioned table: the line's width, so the table in it
            # has the whole line, as in the built-in engine's DOCX (Quarto declares a fraction of it).
            head = re.sub(r'<w:tblW w:type="pct" w:w="\d+"', f'<w:tblW w:type="pct" w:w="{FULL_PCT}"', head)
        return _fit(head, line)

    fitted = TABLE_HEAD.sub(fit, document)
    tmp = path.with_name(f".{path.name}.partial")
    with zipfile.ZipFile(tmp, "w") as out:
        for info, data in entries:
            out.writestr(info, fitted.encode("utf-8") if info.filename == DOCUMENT else data)
    tmp.replace(path)
    return count
