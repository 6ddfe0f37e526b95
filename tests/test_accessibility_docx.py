"""The DOCX for reviewers (both rounds): A4 with Danish margins, da-DK styles, a Danish TOC title, a header
with title and round, a footer "Side N af M" with PAGE/NUMPAGES fields, callouts in their boxed styles,
Word captions (SEQ fields), and a reference document that is the same bytes every time."""

from __future__ import annotations

import re
import zipfile

import pytest

A4 = (11906, 16838)   # twentieths of a point, as Word stores 21 × 29,7 cm (±1)


def _parts(path) -> dict[str, str]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist() if name.endswith(".xml")}


def _attributes(xml: str, element: str) -> dict[str, str]:
    """The attributes of the last <element …/> (the body's section properties), in any order."""
    tags = re.findall(rf"<{element}\b([^>]*)/?>", xml)
    assert tags, f"no <{element}> in the document"
    return dict(re.findall(r'([\w:]+)="([^"]*)"', tags[-1]))


def _check(path, round_label: str) -> None:
    parts = _parts(path)
    body = parts["word/document.xml"]
    page = _attributes(body, "w:pgSz")
    assert abs(int(page["w:w"]) - A4[0]) <= 2 and abs(int(page["w:h"]) - A4[1]) <= 2, page
    margins = _attributes(body, "w:pgMar")
    assert [round(int(margins[f"w:{side}"]) / 567, 1) for side in ("top", "right", "bottom", "left")] == \
        [3.0, 2.0, 3.0, 2.0], margins
    toc = re.search(r'<w:pStyle w:val="TOCHeading" ?/>.*?<w:t[^>]*>([^<]*)</w:t>.*?<w:instrText[^>]*>(TOC [^<]*)<', body,
                    flags=re.S)
    assert toc and toc.group(1) == "Indholdsfortegnelse", toc and toc.group(1)
    headers = " ".join(text for name, text in parts.items() if name.startswith("word/header"))
    footers = " ".join(text for name, text in parts.items() if name.startswith("word/footer"))
    header_text = "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", headers))
    assert "Venner Viser Vej II" in header_text and round_label in header_text, header_text
    footer_text = "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", footers))
    assert footer_text.startswith("Side ") and " af " in footer_text
    assert re.search(r"<w:instrText[^>]*> PAGE </w:instrText>", footers)
    assert re.search(r"<w:instrText[^>]*> NUMPAGES </w:instrText>", footers)
    styles = parts["word/styles.xml"]
    assert 'w:val="da-DK"' in styles and 'w:val="en-US"' not in styles
    assert 'w:styleId="Callout"' in styles and "<w:shd" in styles
    assert 'w:pStyle w:val="Callout"' in body and 'w:pStyle w:val="CalloutTitle"' in body
    # chapter-prefixed numbers (Figur 6.1): the SEQ field restarts at each chapter heading
    assert re.search(r'w:instr=" SEQ Figur \\\* ARABIC \\s 1 "', body) and re.search(r'w:instr=" SEQ Tabel \\\* ARABIC \\s 1 "', body)


def test_midterm_docx_is_a4_danish_with_header_and_page_numbers(rendered_midterm):
    _check(rendered_midterm / "output" / "midterm" / "vvv-midterm.docx", "Ekstern evaluering")


def test_final_docx_is_a4_danish_with_header_and_page_numbers(rendered_final):
    _check(rendered_final / "output" / "final" / "vvv-final.docx", "Slutevaluering")


def test_no_table_header_breaks_mid_word(rendered_midterm):
    """Every column is at least as wide as the longest word in it (docx.lua): compare the grid widths
    with the header words, at 110 twips (5.5 pt) per character of 9 pt text."""
    body = _parts(rendered_midterm / "output" / "midterm" / "vvv-midterm.docx")["word/document.xml"]
    checked = 0
    for table in re.findall(r"<w:tbl>.*?</w:tbl>", body, flags=re.S):
        grid = [int(w) for w in re.findall(r'<w:gridCol w:w="(\d+)"', table)]
        first_row = re.search(r"<w:tr>.*?</w:tr>", table, flags=re.S).group(0)
        cells = re.findall(r"<w:tc>.*?</w:tc>", first_row, flags=re.S)
        for width, cell in zip(grid, cells):
            words = "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", cell)).split()
            longest = max((len(w) for w in words), default=0)
            assert width >= longest * 110, f"column {width} twips for the word of {longest} letters in {words}"
            checked += 1
    assert checked > 20


def test_reference_document_is_deterministic(tmp_path):
    from vvvanalysis.render.builtin import pandoc_path
    from vvvanalysis.render.docx_reference import write_reference

    first = write_reference(tmp_path / "a.docx", pandoc_path(), title="T", round_label="R", example_data=False)
    second = write_reference(tmp_path / "b.docx", pandoc_path(), title="T", round_label="R", example_data=False)
    assert first.read_bytes() == second.read_bytes()
    marked = write_reference(tmp_path / "c.docx", pandoc_path(), title="T", round_label="R", example_data=True)
    assert "Eksempeldata" in "".join(_parts(marked).get("word/header1.xml", "") for _ in [0]) or any(
        "Eksempeldata" in text for name, text in _parts(marked).items() if name.startswith("word/header"))


@pytest.mark.parametrize("name", ["Callout", "Callout Title", "Kildeangivelse", "Image Caption", "Table Caption"])
def test_reference_styles_exist_in_danish(tmp_path, name):
    import docx

    from vvvanalysis.render.builtin import pandoc_path
    from vvvanalysis.render.docx_reference import write_reference

    path = write_reference(tmp_path / "r.docx", pandoc_path(), title="T", round_label="R", example_data=False)
    style = docx.Document(str(path)).styles[name]
    lang = style.element.rPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}lang")
    assert lang is not None and lang.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val") == "da-DK"
