"""'...' in data text comes out as three full stops in every format (HTML, DOCX, PDF text layer).

Measured: pandoc's typst writer passes '...' through unescaped, and typst reads it in markup as an ellipsis
(U+2026), so without report/_filters/typst.lua the PDF said '…' where the data say '...'. The markdown side
(vvvanalysis.literal) already keeps pandoc's smart extension from making an ellipsis."""

from __future__ import annotations

import html
import re
import subprocess
import zipfile
from pathlib import Path

import pytest

from vvvanalysis import literal
from vvvanalysis.render.builtin import READER, pandoc_path

FILTERS = Path(__file__).resolve().parents[1] / "report" / "_filters"   # the format filters both engines run

TEXTS = ["Spørgsmålet er stillet til dem, der har svaret 'Ja' ... om kommunen henviser",
         "to.. og fire.... prikker", "slut...", "...start", "1... 2... 3", "26. august ... 3. september"]


def _markdown() -> str:
    return "\n\n".join(str(literal.paragraph(t)) for t in TEXTS)


def _pandoc(*args: str) -> str:
    return subprocess.run([pandoc_path(), "-f", READER, *args], input=_markdown(), capture_output=True, text=True,
                          check=True).stdout


def _pdf_text(tmp_path, filters: list[str]) -> str:
    import typst
    from pypdf import PdfReader

    source = _pandoc(*[a for f in filters for a in ("--lua-filter", f)], "-t", "typst", "--standalone")
    (tmp_path / "t.typ").write_text(source, encoding="utf-8")
    typst.compile(str(tmp_path / "t.typ"), output=str(tmp_path / "t.pdf"), root=str(tmp_path))
    return " ".join(" ".join(p.extract_text() for p in PdfReader(tmp_path / "t.pdf").pages).split())


def test_typst_alone_turns_three_dots_into_an_ellipsis(tmp_path):
    """The fact the filter exists for (if a pandoc or typst upgrade changes it, this says so)."""
    assert "\u2026" in _pdf_text(tmp_path, [])


def test_pdf_text_layer_keeps_the_dots(tmp_path):
    text = _pdf_text(tmp_path, [str(FILTERS / "typst.lua")])
    assert "\u2026" not in text
    for t in TEXTS:
        assert t in text, t


def test_html_keeps_the_dots():
    page = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", _pandoc("-t", "html5"))).split())
    assert "\u2026" not in page
    for t in TEXTS:
        assert t in page, t


def test_docx_keeps_the_dots(tmp_path):
    out = tmp_path / "t.docx"
    subprocess.run([pandoc_path(), "-f", READER, "-t", "docx", "-o", str(out)], input=_markdown(), text=True,
                   check=True)
    with zipfile.ZipFile(out) as docx:
        body = docx.read("word/document.xml").decode("utf-8")
    text = html.unescape(" ".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", body)))
    text = " ".join(text.split())
    assert "\u2026" not in text
    for t in TEXTS:
        assert t in text, t


@pytest.mark.parametrize("text", ["1. januar ... 2. februar", "- ikke en liste ..."])
def test_dots_and_the_line_start_guard_work_together(tmp_path, text):
    TEXTS.append(text)
    try:
        assert text in _pdf_text(tmp_path, [str(FILTERS / "typst.lua")])
    finally:
        TEXTS.remove(text)
