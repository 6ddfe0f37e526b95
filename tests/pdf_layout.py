"""Reading a rendered PDF's layout back: its text lines with positions (poppler's pdftotext -bbox-layout), how
far each page's body is filled (pdftoppm pixels), its chapter starts (the outline), and its hyphenated breaks.

Shared by the layout tests; the page geometry is the built-in template's (report.typ): A4, top margin 2.6 cm,
bottom margin 2.4 cm, running header above and "Side N af M" below the body.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

CM = 72 / 2.54
PAGE_HEIGHT = 29.7 * CM
BODY_TOP = 2.6 * CM
BODY_BOTTOM = PAGE_HEIGHT - 2.4 * CM
SOFT_HYPHEN = "\u00ad"


@dataclass(frozen=True)
class Line:
    page: int          # 1-based
    text: str
    x0: float
    x1: float
    top: float         # points from the top edge of the page
    bottom: float

    @property
    def in_body(self) -> bool:
        return self.top >= BODY_TOP - 2 and self.bottom <= BODY_BOTTOM + 2


def lines(pdf: Path) -> list[Line]:
    """Every text line of the PDF, in pdftotext's reading order, with its page and box."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    xml = re.sub(r"<!DOCTYPE[^>]*>", "", xml).replace('xmlns="http://www.w3.org/1999/xhtml"', "")
    out = []
    for number, page in enumerate(ET.fromstring(xml).iter("page"), start=1):
        for line in page.iter("line"):
            words = [w.text or "" for w in line.iter("word")]
            out.append(Line(number, " ".join(words), float(line.get("xMin")), float(line.get("xMax")),
                            float(line.get("yMin")), float(line.get("yMax"))))
    return out


def hyphenated_breaks(pdf: Path) -> list[tuple[int, str]]:
    """(page, 'first-second') for every word typst broke at a line end with a hyphen."""
    found, body = [], [line for line in lines(pdf) if line.in_body]
    for this, following in zip(body, body[1:]):
        end = re.search(r"(\w+)[-\u00ad]+$", this.text)
        start = re.match(r"(\w+)", following.text)
        if this.page == following.page and end and start and start.group(1)[0].islower():
            found.append((this.page, f"{end.group(1)}-{start.group(1)}"))
    return found


def fills(pdf: Path, dpi: int = 20) -> list[float]:
    """Per page, how far down the body the lowest ink reaches (0 = empty body, 1 = full). Ink is anything darker
    than the example-data watermark and the callouts' pale fill."""
    from PIL import Image

    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-gray", "-png", "-r", str(dpi), str(pdf), f"{tmp}/p"], check=True)
        pages = sorted(Path(tmp).glob("p-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        out = []
        for path in pages:
            image = Image.open(path).convert("L")
            width, height = image.size
            top, bottom = round(height * BODY_TOP / PAGE_HEIGHT), round(height * BODY_BOTTOM / PAGE_HEIGHT)
            pixels, lowest = image.load(), top
            for y in range(top, bottom):
                if any(pixels[x, y] < 190 for x in range(width)):
                    lowest = y
            out.append((lowest - top) / (bottom - top))
        return out


def chapter_starts(pdf: Path) -> set[int]:
    """1-based pages on which a chapter or appendix (a top-level outline entry) starts."""
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    return {reader.get_destination_page_number(item) + 1 for item in reader.outline if not isinstance(item, list)}


TEXT_WIDTH = (21 - 2 * 2.4) * CM


def running_text_pages(pdf: Path) -> set[int]:
    """Pages that hold running text: a full-width body line in the body size (10.5 pt; captions, tables and
    figure labels are smaller)."""
    return {line.page for line in lines(pdf) if line.in_body and line.bottom - line.top >= 11
            and line.x1 - line.x0 >= 0.85 * TEXT_WIDTH}


def underfilled_pages(pdf: Path, limit: float = 0.40) -> list[tuple[int, float]]:
    """(page, empty share) for each page left more than `limit` empty, except the cover and contents (before
    the first chapter), the last page and a page at a chapter end: no running text follows it before the next
    chapter starts (at most pages that hold only a figure or table)."""
    share, starts, running = fills(pdf), sorted(chapter_starts(pdf)), running_text_pages(pdf)
    first = starts[0] if starts else 1

    def chapter_end(page: int) -> bool:
        following = min([s for s in starts if s > page], default=len(share) + 1)
        return not any(p in running for p in range(page + 1, following))

    return [(page, round(1 - fill, 2)) for page, fill in enumerate(share, start=1)
            if page >= first and page < len(share) and 1 - fill > limit and not chapter_end(page)]
