"""Accessibility of the PDF (both rounds): typst writes it as PDF/UA-1; here the structure tree is read back.

Every /Figure carries /Alt (the figure's fig-alt, as in HTML), no list is tagged inside a table cell (dates
like "25. august 2021" stay text), and the catalogue has /Lang, the document info a /Title with round and
subtitle, and the viewer shows that title (DisplayDocTitle).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

FILTERS = Path(__file__).resolve().parents[1] / "report" / "_filters"   # the format filters both engines run


def _struct_elements(root) -> list[tuple[str, DictionaryObject, tuple[str, ...]]]:
    """Every structure element as (type, element, types of its ancestors), depth first."""
    found = []

    def walk(node, ancestors):
        node = node.get_object()
        if isinstance(node, ArrayObject):
            for kid in node:
                walk(kid, ancestors)
            return
        if not isinstance(node, DictionaryObject) or node.get("/Type") in ("/MCR", "/OBJR"):
            return
        kind = node.get("/S")
        if kind is not None:
            found.append((str(kind), node, ancestors))
        kids = node.get("/K")
        if kids is not None:
            walk(kids, ancestors + ((str(kind),) if kind is not None else ()))

    walk(root["/StructTreeRoot"], ())
    return found


def _check(pdf_path, expected_figures: int, round_label: str) -> None:
    reader = PdfReader(pdf_path)
    root = reader.trailer["/Root"]
    assert str(root.get("/Lang", "")).startswith("da"), root.get("/Lang")
    title = str(reader.metadata.get("/Title", ""))
    assert "Venner Viser Vej II" in title and round_label in title, title
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"]), "viewers would show the file name"
    elements = _struct_elements(root)
    figures = [element for kind, element, _ in elements if kind == "/Figure"]
    assert len(figures) == expected_figures
    for figure in figures:
        assert len(str(figure.get("/Alt", "")).strip()) > 20, "a figure without alternative text"
    lists_in_cells = [ancestors for kind, _, ancestors in elements
                      if kind in ("/L", "/LI") and {"/TD", "/TH"} & set(ancestors)]
    assert lists_in_cells == [], f"{len(lists_in_cells)} lists tagged inside table cells"


def _figure_count(project, round_name) -> int:
    """The figures in the PDF: the SVGs of the render's media, not the phone variants (<label>-phone.svg, HTML
    only)."""
    media = (project / "_build" / round_name / "render" / "media").glob("*.svg")
    return len([svg for svg in media if not svg.name.endswith("-phone.svg")])


def test_midterm_pdf_is_tagged_with_alt_text_title_and_language(rendered_midterm):
    figures = _figure_count(rendered_midterm, "midterm")
    assert figures >= 10   # the memo's figures with data, and our own
    _check(rendered_midterm / "output" / "midterm" / "vvv-midterm.pdf", figures, "Ekstern evaluering")


def test_final_pdf_is_tagged_with_alt_text_title_and_language(rendered_final):
    figures = _figure_count(rendered_final, "final")
    assert figures >= 1
    _check(rendered_final / "output" / "final" / "vvv-final.pdf", figures, "Slutevaluering")


def test_a_figure_without_alt_text_stops_the_pdf_naming_the_figure(tmp_path):
    """PDF/UA-1 makes typst refuse a missing alt text; vvv names the figure and its fix in one line."""
    from vvvanalysis.errors import RenderError
    from vvvanalysis.render.builtin import compile_typst

    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "figur-x.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>')
    source = tmp_path / "doc.typ"
    source.write_text('#set document(title: [T])\n#set text(lang: "da")\n= Overskrift\n'
                      '#figure(image("media/figur-x.svg"), caption: [Figur 1])\n', encoding="utf-8")
    with pytest.raises(RenderError) as err:
        compile_typst(source, tmp_path / "doc.pdf", tmp_path, 0)
    message = err.value.render()
    assert "figur-x" in message and "alternative text" in message and "fig-alt" in message
    assert not (tmp_path / "doc.pdf").exists()


@pytest.mark.parametrize("text", ["25. august 2021", "1. januar", "- minus", "+ plus", "= lig", "/ skråstreg"])
def test_literal_text_in_a_table_cell_stays_text(tmp_path, text):
    """The typst writer path (typst.lua) keeps a cell starting like list or heading markup as text."""
    import subprocess

    from vvvanalysis.render.builtin import compile_typst, pandoc_path

    (tmp_path / "t.md").write_text(f"| Dato | Tekst |\n|---|---|\n| {text} | x |\n", encoding="utf-8")
    subprocess.run([pandoc_path(), "t.md", "--lua-filter", str(FILTERS / "typst.lua"), "-t", "typst", "-s",
                    "-M", "title=T", "-M", "lang=da", "-o", "t.typ"], cwd=tmp_path, check=True)
    compile_typst(tmp_path / "t.typ", tmp_path / "t.pdf", tmp_path, 0)
    reader = PdfReader(tmp_path / "t.pdf")
    kinds = [kind for kind, _, _ in _struct_elements(reader.trailer["/Root"])]
    assert "/L" not in kinds and "/H1" not in kinds and "/Terms" not in kinds, kinds
    assert text.split()[-1] in reader.pages[0].extract_text()
