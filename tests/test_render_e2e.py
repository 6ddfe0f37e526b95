"""End to end: the midterm round rendered to HTML, PDF and DOCX, read back as a reader would."""

from __future__ import annotations

import json
import re
import zipfile

import pytest


@pytest.fixture(scope="module")
def out(rendered_midterm):
    return rendered_midterm / "output" / "midterm"


def test_all_three_formats_are_published(out):
    for ext in ("html", "pdf", "docx"):
        assert (out / f"vvv-midterm.{ext}").stat().st_size > 10_000


def test_html_has_danish_crossrefs_and_numbers_from_data(out):
    html = (out / "vvv-midterm.html").read_text(encoding="utf-8")
    assert "Figur\u00a06.1" in html   # numbered per chapter, as Quarto books do
    assert "Tabel\u00a06.1" in html
    assert "Tabel\u00a0B.1" in html   # appendices by letter
    assert "6.063" in html
    assert 'lang="da"' in html
    assert "?@" not in html, "an unresolved cross-reference leaked into the HTML"


def test_html_is_self_contained_and_loads_nothing_from_the_network(out):
    html = (out / "vvv-midterm.html").read_text(encoding="utf-8")
    assert re.search(r'<(img|script|link|iframe|source)[^>]+(src|href)="(https?:)?//', html) is None
    assert "@import" not in html
    assert 'src="data:image/svg+xml;base64,' in html   # figures are vector (issue 12)


def test_pdf_has_pages_and_extractable_danish_text(out):
    from pypdf import PdfReader

    reader = PdfReader(out / "vvv-midterm.pdf")
    assert len(reader.pages) > 1
    text = "\n".join(page.extract_text() for page in reader.pages)
    for letter in "æøå":
        assert letter in text
    assert "Indholdsfortegnelse" in text
    assert "6.063" in text


def test_docx_opens_and_contains_the_figure(out):
    import docx

    document = docx.Document(out / "vvv-midterm.docx")
    text = "\n".join(p.text for p in document.paragraphs)
    assert "6.063" in text
    with zipfile.ZipFile(out / "vvv-midterm.docx") as archive:
        assert any(name.startswith("word/media/") and name.endswith(".png") for name in archive.namelist())
        assert "TOC" in archive.read("word/document.xml").decode("utf-8")


def test_figures_are_published_as_files(out):
    assert (out / "figurer" / "figur-henvisning.png").exists()


def test_second_render_executes_no_notebook(rendered_midterm):
    first = (rendered_midterm / "first-run.log").read_text()
    second = (rendered_midterm / "second-run.log").read_text()
    assert re.search(r"notebooks ran:\s+\S+\.ipynb", first)
    assert re.search(r"notebooks ran:\s+-", second), second
    assert " 0 ran, " in second


def test_second_render_runs_neither_pandoc_nor_typst(rendered_midterm):
    """Nothing changed, so the engine's stamp matches: no file of the built-in engine's work folder is written
    again (a stamp once held the wrong key and every render ran pandoc and typst again)."""
    from conftest import changed_files

    written = (".json", ".typ", ".html", ".docx", ".pdf")   # pandoc's AST and each writer's file (not the inputs)
    before = {name: state for name, state in json.loads((rendered_midterm / "first-run.files").read_text()).items()
              if name.endswith(written)}
    assert any(name.endswith(".pdf") for name in before)
    changed = changed_files(before, rendered_midterm / "_build" / "midterm" / "render")
    assert [name for name in changed if name.endswith(written)] == []
