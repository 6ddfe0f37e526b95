"""PDF typesetting (issue 23 item 6, issue 24 item 1): Danish hyphenation, long tables that break with their
header repeated and every row legible, no page left more than 40 % empty before a float, lead-ins on the page
of what they introduce, and the technical colophon attached to the PDF.

The report-level checks read the session renders (rendered_midterm / rendered_final); the mechanisms are
shown on small synthetic documents set through the built-in engine's own pandoc + typst path, each once with
the house rules and once with a planted fault, so every check is seen to fail.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from pdf_layout import BODY_BOTTOM, BODY_TOP, hyphenated_breaks, lines, underfilled_pages

ROOT = Path(__file__).resolve().parents[1]
HOUSE = ROOT / "report" / "_typst" / "house.typ"

needs_poppler = pytest.mark.skipif(not (shutil.which("pdftotext") and shutil.which("pdftoppm")),
                                   reason="poppler-utils (pdftotext, pdftoppm) not installed")
pytestmark = needs_poppler

# Breaks a Danish reader stumbles over: typst's patterns split these compounds inside a part (reader review
# 2026-12 #11 and the renders since). None may occur in any PDF.
WRONG_BREAKS = {
    "midtvejse-valuering", "midtvejse-valueringen", "kursu-sindhold", "kursu-sindholdet", "works-hopformatet",
    "ophør-sandele", "deltage-rantal", "flygtnin-gehjælp", "foran-dringsteorien", "frivil-liggrupperne",
    "samar-bejdspartnere", "kompeten-ceudviklingen", "su-sindhold",
}


def _wrong(pdf: Path) -> list[tuple[int, str]]:
    return [(page, word) for page, word in hyphenated_breaks(pdf) if word.lower() in WRONG_BREAKS]


def _render_markdown(markdown: str, work: Path, *, house: bool = True, extra_typst: str = "") -> Path:
    """A small document through the built-in engine's typst path (filters, template, house rules) to PDF."""
    from vvvanalysis.render.builtin import ASSETS, compile_typst, pandoc_path

    work.mkdir(parents=True, exist_ok=True)
    (work / "doc.md").write_text(markdown, encoding="utf-8")
    header = work / "house.typ"
    header.write_text((HOUSE.read_text(encoding="utf-8") if house else "") + "\n" + extra_typst, encoding="utf-8")
    subprocess.run([pandoc_path(), "doc.md", "-f", "markdown", "--lua-filter", str(ASSETS / "callouts.lua"),
                    "--lua-filter", str(ROOT / "report" / "_filters" / "typst.lua"), "-t", "typst", "--template", str(ASSETS / "report.typ"),
                    "--include-in-header", header.name, "-M", "title=Prøve", "-M", "round-label=Prøve",
                    "-M", "subtitle=Prøve", "-V", "toc-depth=1", "-o", "doc.typ"], cwd=work, check=True)
    compile_typst(work / "doc.typ", work / "doc.pdf", work, 1638230400)
    return work / "doc.pdf"


# -- 1. Danish hyphenation ---------------------------------------------------------------------------------

COMPOUNDS = "midtvejsevalueringen kursusindholdet Workshopformatet ophørsandele deltagerantal flygtningehjælp"


def _narrow_columns(house: bool, tmp_path: Path) -> Path:
    """Each compound set in ever narrower measures, so typst must break it wherever it may."""
    import typst

    rules = HOUSE.read_text(encoding="utf-8") if house else ""
    boxes = "\n".join(f"#block(width: {w}pt)[{COMPOUNDS}]" for w in range(38, 120, 4))
    source = tmp_path / f"hyphen-{house}.typ"
    source.write_text('#set text(lang: "da", font: "DejaVu Sans", size: 10pt)\n#set par(justify: true)\n'
                      f"{rules}\n{boxes}\n", encoding="utf-8")
    from vvvanalysis.render.builtin import typst_font_paths

    pdf = source.with_suffix(".pdf")
    typst.compile(str(source), output=str(pdf), font_paths=typst_font_paths(), ignore_system_fonts=True)
    return pdf


# The compound seams typst's patterns never offer (a linking s, "midtvejs|evaluering"): the house rules set a
# soft hyphen there, so a narrow measure breaks the word where a Danish reader expects it.
SEAMS = ("midtvejs-evalue", "kursus-ind", "ophørs-andele", "deltager-antal")


def _seam_breaks(pdf: Path) -> set[str]:
    return {seam for seam in SEAMS for _page, word in hyphenated_breaks(pdf) if word.startswith(seam)}


def test_house_rules_break_danish_compounds_only_where_a_reader_accepts(tmp_path):
    without = _narrow_columns(False, tmp_path)
    assert _wrong(without), "planted fault: typst's own patterns must produce the wrong breaks the check looks for"
    assert _seam_breaks(without) == set(), "planted fault: without the house rules no seam is a break"
    house = _narrow_columns(True, tmp_path)
    assert _wrong(house) == []
    assert _seam_breaks(house) == set(SEAMS), "each compound can break at its seam"


@pytest.mark.parametrize("round_name", ["midterm", "final"])
def test_no_wrong_danish_hyphenation_in_the_report(round_name, request):
    project = request.getfixturevalue(f"rendered_{round_name}")
    pdf = project / "output" / round_name / f"vvv-{round_name}.pdf"
    assert _wrong(pdf) == []


# -- 2. Long tables --------------------------------------------------------------------------------------

ROWS = 90


def _long_table() -> str:
    rows = "\n".join(f"| Række {i:03d} | {i * 7} | værdi {i} |" for i in range(1, ROWS + 1))
    return ("# Kapitel\n\nEn tabel, der er længere end en side.\n\n"
            "::: {#tbl-lang}\n| Kolonne A | Kolonne B | Kolonne C |\n|:--|--:|:--|\n" + rows +
            "\n\nEn lang tabel\n:::\n\nTekst efter tabellen.\n")


def _row_positions(pdf: Path) -> dict[str, list[tuple[int, float, float]]]:
    found: dict[str, list[tuple[int, float, float]]] = {}
    for line in lines(pdf):
        for match in re.finditer(r"Række (\d{3})", line.text):
            found.setdefault(match.group(1), []).append((line.page, line.top, line.bottom))
    return found


def _table_faults(pdf: Path) -> list[str]:
    """Every row once, inside the body (above the footer), on a line of its own, header on each table page."""
    faults, rows = [], _row_positions(pdf)
    for i in range(1, ROWS + 1):
        where = rows.get(f"{i:03d}", [])
        if len(where) != 1:
            faults.append(f"row {i}: found {len(where)} times")
            continue
        page, top, bottom = where[0]
        if top < BODY_TOP - 2 or bottom > BODY_BOTTOM + 2:
            faults.append(f"row {i}: outside the page body on page {page} ({top:.0f}–{bottom:.0f} pt)")
    placed = sorted(w[0] for w in rows.values() if len(w) == 1)
    for a, b in zip(placed, placed[1:]):
        if a[0] == b[0] and b[1] < a[2] - 1:
            faults.append(f"rows overprint on page {a[0]} at {a[1]:.0f} pt")
    pages = {w[0] for w in placed}
    headers = {line.page for line in lines(pdf) if "Kolonne A" in line.text}
    if not pages <= headers:
        faults.append(f"header row missing on pages {sorted(pages - headers)}")
    return faults


def test_a_table_longer_than_a_page_breaks_with_every_row_legible(tmp_path):
    pdf = _render_markdown(_long_table(), tmp_path / "house")
    assert _table_faults(pdf) == []
    assert len({w[0][0] for w in _row_positions(pdf).values()}) >= 2, "the table spans pages"


def test_the_long_table_check_catches_an_unbreakable_table(tmp_path):
    # planted fault: the template's old rule, every figure (so every table) unbreakable
    pdf = _render_markdown(_long_table(), tmp_path / "fault",
                           extra_typst="#show figure: it => block(breakable: false, it)")
    assert _table_faults(pdf)


# -- 3. Page fill and lead-ins --------------------------------------------------------------------------

def _gap_document() -> str:
    text = "Løbende tekst om evalueringen, der fylder siden. " * 60
    figure_table = "\n".join(f"| Punkt {i} | {i} |" for i in range(1, 16))
    return (f"# Kapitel\n\n{text}\n\n::: {{#tbl-kort}}\n| Punkt | Antal |\n|:--|--:|\n{figure_table}\n\n"
            f"En kort tabel\n:::\n\n{text}\n\n{text}\n\n# Næste kapitel\n\nSlut.\n")


def test_page_fill_check_catches_a_half_empty_page(tmp_path):
    # planted fault: a short table that may neither break nor float leaves the page before it half empty
    fault = _render_markdown(_gap_document(), tmp_path / "fault", house=False,
                             extra_typst="#show figure: it => block(breakable: false, it)\n"
                                         "#show figure: it => { v(16cm); it }")
    assert underfilled_pages(fault)


@pytest.mark.parametrize("round_name", ["midterm", "final"])
def test_no_page_is_left_more_than_40_percent_empty_before_a_float(round_name, request):
    project = request.getfixturevalue(f"rendered_{round_name}")
    assert underfilled_pages(project / "output" / round_name / f"vvv-{round_name}.pdf") == []


def _stranded_lead_ins(pdf: Path) -> list[tuple[int, str]]:
    """A page whose body ends with a lead-in (a line ending with a colon, the next page not continuing the
    sentence in lower case), or starts with a quote's attribution."""
    pages: dict[int, list] = {}
    for line in lines(pdf):
        if line.in_body:
            pages.setdefault(line.page, []).append(line)
    faults = []
    for page in sorted(pages):
        first = min(pages[page], key=lambda line: line.top)
        if first.text.lstrip().startswith(("—", "– ")):
            faults.append((page, first.text))
        if page + 1 in pages:
            last = max(pages[page], key=lambda line: line.bottom)
            following = min(pages[page + 1], key=lambda line: line.top)
            if last.text.rstrip().endswith(":") and not following.text.lstrip()[:1].islower():
                faults.append((page, last.text))
    return faults


def test_lead_in_check_catches_a_lead_in_at_the_foot_of_a_page(tmp_path):
    filler = "Tekst, der fylder siden op. " * 20
    paragraphs = "\n\n".join([filler] * 7)
    document = (f"# Kapitel\n\n{paragraphs}\n\nEn frivillig beskriver det sådan:\n\n"
                "> Det har betydet meget for mig at have en ven.\n>\n> --- Frivillig\n\nTekst efter citatet.\n")
    faults = []
    for shift in range(0, 24):   # move the lead-in down the page until it lands at the foot
        pdf = _render_markdown(document, tmp_path / f"f{shift}", house=False,
                               extra_typst=f"#show heading.where(level: 1): it => {{ it; v({shift}em) }}")
        faults = _stranded_lead_ins(pdf)
        if faults:
            fixed = _render_markdown(document, tmp_path / f"h{shift}",
                                     extra_typst=f"#show heading.where(level: 1): it => {{ it; v({shift}em) }}")
            assert _stranded_lead_ins(fixed) == []
            break
    assert faults, "planted fault: without the house rules some position strands the lead-in"


@pytest.mark.parametrize("round_name", ["midterm", "final"])
def test_no_lead_in_is_separated_from_its_quote(round_name, request):
    project = request.getfixturevalue(f"rendered_{round_name}")
    assert _stranded_lead_ins(project / "output" / round_name / f"vvv-{round_name}.pdf") == []


# -- 7. The technical colophon travels with the PDF -----------------------------------------------------

@pytest.mark.parametrize("round_name", ["midterm", "final"])
def test_technical_colophon_is_attached_and_never_a_dead_link(round_name, request):
    from pypdf import PdfReader

    project = request.getfixturevalue(f"rendered_{round_name}")
    out = project / "output" / round_name
    reader = PdfReader(str(out / f"vvv-{round_name}.pdf"))
    attached = reader.attachments.get("kolofon.txt")
    assert attached and attached[0] == (out / "kolofon.txt").read_bytes()
    targets = [annot.get_object().get("/A", {}).get("/URI") for page in reader.pages
               for annot in page.get("/Annots", []) or []]
    assert not [t for t in targets if t and ":" not in t], "a relative link is dead once the PDF travels alone"
    text = " ".join("".join(page.extract_text() for page in reader.pages[-3:]).replace("\xad", "-").split())
    assert "vedhæftet denne PDF-fil" in text


# -- Floats and breaks settle ----------------------------------------------------------------------------

@pytest.mark.parametrize("round_name", ["midterm", "final"])
def test_the_layout_converges(round_name, request):
    """Where a float goes depends on the page it lands on (house.typ, section 4): typst must settle on one
    layout, or page numbers and float positions could be wrong without an error."""
    import typst

    from vvvanalysis.render.builtin import typst_font_paths

    project = request.getfixturevalue(f"rendered_{round_name}")
    work = project / "_build" / round_name / "render"
    _pdf, warnings = typst.compile_with_warnings(str(work / f"vvv-{round_name}.typ"), root=str(work),
                                                 font_paths=typst_font_paths(), ignore_system_fonts=True)
    assert not [w for w in warnings if "converge" in str(w) or "stabilize" in str(w)], warnings
