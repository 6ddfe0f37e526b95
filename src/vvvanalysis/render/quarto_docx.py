"""Quarto's DOCX, after Quarto wrote it (its post-render script, report/_scripts/quarto-docx.py): the table grids
on the A4 line (docx_tables) and chapter headings that read as the built-in engine's.

Quarto writes a book's chapter headings as finished Word XML after every filter has run: "1. Forord", and for an
appendix "Appendix A — Datanoter" whatever `language: crossref-apx-prefix` says. Here they become "1 Forord" and
"Bilag A: Datanoter", in the heading and in the contents list. Quarto's callout icons carry the icon's file path
(in Quarto's installation) as their description, which a screen reader would read out: they become decorative
(an empty description). Standard library only (any Python Quarto finds)."""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

from vvvanalysis.render.docx_tables import DOCUMENT, fit_tables_to_page

PARAGRAPH = re.compile(r"<w:p\b(?:(?!<w:p\b).)*?</w:p>", re.S)
CHAPTER_STYLES = re.compile(r'<w:pStyle w:val="(?:Heading1|TOC1)"\s*/>')
FIRST_TEXT = re.compile(r'(<w:t(?:\s[^>]*)?>)([^<]*)')
ICON_DESCRIPTION = re.compile(r'descr="[^"]*formats/docx/[\w-]+\.png"')


def appendix_word(project_dir: Path) -> str:
    """_quarto.yml's `crossref-apx-prefix` (read without a YAML library), else "Bilag"."""
    try:
        text = (project_dir / "_quarto.yml").read_text(encoding="utf-8")
    except OSError:
        return "Bilag"
    found = re.search(r'^\s*crossref-apx-prefix:\s*"?([^"\n#]+?)"?\s*(?:#.*)?$', text, re.M)
    return found.group(1).strip() if found else "Bilag"


def chapter_title(text: str, word: str) -> str:
    """'1. Forord' -> '1 Forord'; 'Appendix A — Datanoter' -> 'Bilag A: Datanoter' (no-break space after the word)."""
    text = re.sub(r"^(\d+)\. ", r"\1 ", text)
    return re.sub(r"^Appendix ([A-Z]) — ", lambda m: f"{word}\u00a0{m.group(1)}: ", text)


def harmonise_headings(document: str, word: str) -> str:
    def paragraph(match):
        para = match.group(0)
        if not CHAPTER_STYLES.search(para):
            return para
        return FIRST_TEXT.sub(lambda m: m.group(1) + chapter_title(m.group(2), word), para, count=1)

    return ICON_DESCRIPTION.sub('descr=""', PARAGRAPH.sub(paragraph, document))


def fix_headings(path: Path, word: str) -> None:
    with zipfile.ZipFile(path) as source:
        entries = [(info, source.read(info.filename)) for info in source.infolist()]
    tmp = path.with_name(f".{path.name}.partial")
    with zipfile.ZipFile(tmp, "w") as out:
        for info, data in entries:
            if info.filename == DOCUMENT:
                data = harmonise_headings(data.decode("utf-8"), word).encode("utf-8")
            out.writestr(info, data)
    tmp.replace(path)


def post_render() -> None:
    """Every DOCX Quarto just wrote (QUARTO_PROJECT_OUTPUT_FILES, else the output folder's)."""
    files = [Path(f) for f in os.environ.get("QUARTO_PROJECT_OUTPUT_FILES", "").splitlines() if f.strip()]
    folder = os.environ.get("QUARTO_PROJECT_OUTPUT_DIR")
    if not files and folder:
        files = list(Path(folder).glob("*.docx"))
    word = appendix_word(Path.cwd())
    for path in files:
        if path.suffix == ".docx" and path.is_file():
            fit_tables_to_page(path)
            fix_headings(path, word)
