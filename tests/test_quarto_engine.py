"""The Quarto engine for real (issues 13, 22): runs whenever `quarto` is on PATH, skips with the reason otherwise.

Quarto renders are slow (~1–2 min a round), so there is ONE `vvv render --engine quarto` per round (all formats in
one `quarto render`), shared by every test here:
- midterm in one copy of the project; a copy of that copy then renders with the built-in engine (switching
  Quarto -> built-in),
- final in another copy, after a built-in render there (switching built-in -> Quarto).
The built-in renders of both rounds (conftest's `rendered_midterm`, `rendered_final`) are the other side of the
parity tests: the same headings, captions, numbers, footnotes and references in HTML, PDF and DOCX, the same PDF
structure (PDF/UA-1, DisplayDocTitle, /Lang, figure alt texts, no lists in table cells), the same DOCX page,
grids and styles, and axe-core without violations on Quarto's pages.
"""

from __future__ import annotations

import html as htmllib
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from conftest import NO_QUARTO, ROOT, shared, vvv
from test_accessibility_html import browser  # noqa: F401  (the headless Chromium fixture, shared)
from vvvanalysis.marks import EXAMPLE_MARK

XDIST_SPREAD = True   # the two Quarto renders start at once on two workers (tests/conftest.py)

pytestmark = pytest.mark.skipif(shutil.which("quarto") is None, reason=NO_QUARTO)


def _builtin_after_quarto(quarto_midterm: Path, folder: Path) -> None:
    shutil.copytree(quarto_midterm, folder, symlinks=True, dirs_exist_ok=True)
    vvv(folder, "render", "--round", "midterm", "--engine", "builtin")


@pytest.fixture(scope="session")
def switched_midterm(quarto_midterm, tmp_path_factory) -> Path:
    """Quarto -> built-in: a copy of the Quarto-rendered midterm project, rendered again with the built-in engine."""
    return shared(tmp_path_factory, "switched", lambda folder: _builtin_after_quarto(quarto_midterm, folder))


# --- Reading the outputs ----------------------------------------------------------------------------------
def _text(fragment: str) -> str:
    text = htmllib.unescape(re.sub(r"<[^>]+>", "", fragment)).replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip()


def _site(project: Path, round_name: str) -> Path:
    return project / "output" / round_name / f"vvv-{round_name}-html"


def _pages(site: Path) -> list[str]:
    """The book's chapter pages in reading order (the sidebar's order), main content only."""
    index = (site / "index.html").read_text(encoding="utf-8")
    order = ["index.html"]
    for href in re.findall(r'class="sidebar-item-text sidebar-link[^"]*"|href="\./([^"#]+\.html)"', index):
        if href and href not in order:
            order.append(href)
    pages = []
    for rel in order:
        page = (site / rel).read_text(encoding="utf-8")
        main = re.search(r'<main class="content"[^>]*>(.*)</main>', page, re.S)
        pages.append(main.group(1) if main else page)
    return pages


def _captions(body: str) -> list[str]:
    return [_text(c) for c in re.findall(r"<(?:figcaption|caption)[^>]*>(.*?)</(?:figcaption|caption)>", body, re.S)]


def _sections(body: str) -> list[tuple[str, str]]:
    """(number, title) of every numbered level-2/3 heading, in order."""
    out = []
    for level, inner in re.findall(r"<h([23])[^>]*>(.*?)</h\1>", body, re.S):
        number = re.search(r'class="header-section-number">([^<]+)<', inner)
        if number:
            out.append((number.group(1), _text(inner.replace(number.group(0), "><", 1))))
    return out


def _section_ids(body: str) -> set[str]:
    return set(re.findall(r'id="(sec-[\w-]+)"', body))


NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?![\w])")


FOOTNOTE_MARK = re.compile(r"<a\b[^>]*footnote-ref[^>]*>.*?</a>|<sup\b[^>]*>.*?</sup>", re.S)


def _prose_numbers(body: str) -> set[str]:
    """Numbers in running text; footnote marks are not numbers ("2018.¹⁰" is 2018, then mark 10)."""
    return {n for p in re.findall(r"<p>(.*?)</p>", body, re.S)
            for n in NUMBER.findall(_text(FOOTNOTE_MARK.sub(" ", p)))}


@pytest.fixture(scope="module")
def builtin_html(rendered_midterm) -> str:
    return (rendered_midterm / "output" / "midterm" / "vvv-midterm.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def quarto_html(quarto_midterm) -> str:
    return "\n".join(_pages(_site(quarto_midterm, "midterm")))


# --- Formats, size, network ----------------------------------------------------------------------------
def test_quarto_writes_html_site_pdf_and_docx(quarto_midterm):
    out = quarto_midterm / "output" / "midterm"
    assert (out / "vvv-midterm.pdf").stat().st_size > 50_000
    assert (out / "vvv-midterm.docx").stat().st_size > 50_000
    pages = sorted(p.name for p in _site(quarto_midterm, "midterm").rglob("*.html"))
    assert "index.html" in pages and "06-status-programniveau.html" in pages and "d-kolofon.html" in pages
    log = (quarto_midterm / "quarto-run.log").read_text(encoding="utf-8")
    assert "render (quarto)" in log


def test_html_site_is_small_and_loads_nothing_from_the_network(quarto_midterm):
    site = _site(quarto_midterm, "midterm")
    size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    assert size < 15_000_000, f"HTML site is {size / 1e6:.1f} MB"
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        remote = re.findall(r'<(?:script|link|img|iframe|source)[^>]+(?:src|href)="((?:https?:)?//[^"]+)"', text)
        assert not remote, f"{page.name} loads {remote[:3]}"
        assert "@import url(http" not in text


def test_sidebar_lists_each_chapter_by_its_own_title(quarto_midterm):
    index = (_site(quarto_midterm, "midterm") / "index.html").read_text(encoding="utf-8")
    sidebar = re.search(r'<nav id="quarto-sidebar".*?</nav>', index, re.S).group(0)   # not the next-page link
    titles = [_text(t) for t in re.findall(r'class="chapter-title">(.*?)</span>', sidebar, re.S)]
    assert len(titles) >= 10 and len(set(titles)) == len(titles), titles
    assert "Status i relation til målsætninger på programniveau" in titles
    chapter = (_site(quarto_midterm, "midterm") / "report" / "midterm" / "06-status-programniveau.html")
    assert "Evalueringsnotat – foreløbige fund" not in chapter.read_text(encoding="utf-8")   # no title page per page


def test_pdf_contents_are_titled_in_danish(quarto_midterm):
    from pypdf import PdfReader

    reader = PdfReader(quarto_midterm / "output" / "midterm" / "vvv-midterm.pdf")
    front = " ".join((reader.pages[i].extract_text() or "") for i in range(4))
    assert "Indholdsfortegnelse" in front and "Indhold\n" not in front


# The midterm cover: title, subtitle, the memo's month ("November 2021", month precision) and author.
MEMO_COVER = ["Venner Viser Vej II", "Evalueringsnotat – foreløbige fund og anbefalinger", "November 2021",
              "Als Research"]


def test_pdf_and_docx_covers_carry_subtitle_and_date(quarto_midterm):
    import docx
    from pypdf import PdfReader

    out = quarto_midterm / "output" / "midterm"
    cover = PdfReader(out / "vvv-midterm.pdf").pages[0].extract_text() or ""
    assert [line for line in MEMO_COVER if line not in cover] == [], cover
    front = "\n".join(p.text for p in docx.Document(out / "vvv-midterm.docx").paragraphs[:6])
    assert [line for line in MEMO_COVER if line not in front] == [], front


def test_final_cover_is_the_rounds_own(quarto_final):
    from pypdf import PdfReader

    cover = PdfReader(quarto_final / "output" / "final" / "vvv-final.pdf").pages[0].extract_text() or ""
    assert "Fund og anbefalinger ved projektperiodens afslutning" in cover and "2023" in cover
    assert "November 2021" not in cover and "foreløbige" not in cover


def test_no_build_paths_in_any_output(quarto_midterm):
    root = str(quarto_midterm.resolve())
    out = quarto_midterm / "output" / "midterm"
    for page in _site(quarto_midterm, "midterm").rglob("*"):
        if page.suffix in {".html", ".json", ".js", ".css"}:
            assert root not in page.read_text(encoding="utf-8"), page
    with zipfile.ZipFile(out / "vvv-midterm.docx") as docx:
        for name in docx.namelist():
            assert root.encode() not in docx.read(name), name
    assert root.encode() not in (out / "vvv-midterm.pdf").read_bytes()


def test_figures_are_the_quarto_renders_own(quarto_midterm):
    figures = sorted(p.name for p in (quarto_midterm / "output" / "midterm" / "figurer").iterdir())
    assert "figur-fra-en-tidligere-gengivelse.png" not in figures
    assert "figur-deltagere.png" in figures and len(figures) >= 10


# --- Reproducible, and the Quarto user's way -------------------------------------------------------------
def test_published_pdf_and_docx_are_what_quarto_render_wrote(quarto_midterm):
    """`vvv render --engine quarto` adds nothing to Quarto's PDF and DOCX: the DOCX grid rescale is Quarto's own
    post-render script (_quarto.yml), so a plain `quarto render --profile midterm` after `vvv execute` gives
    these bytes too."""
    raw = quarto_midterm / "_build" / "midterm" / "quarto"
    out = quarto_midterm / "output" / "midterm"
    assert next(raw.glob("*.pdf")).read_bytes() == (out / "vvv-midterm.pdf").read_bytes()
    assert next(raw.glob("*.docx")).read_bytes() == (out / "vvv-midterm.docx").read_bytes()


# --- Parity with the built-in engine ----------------------------------------------------------------------
def test_same_sections_in_both_engines(builtin_html, quarto_html):
    assert _section_ids(quarto_html) == _section_ids(builtin_html)
    assert _sections(quarto_html) == _sections(builtin_html)


def test_same_figures_and_tables_with_the_same_captions(builtin_html, quarto_html):
    ours, theirs = _captions(builtin_html), _captions(quarto_html)
    assert len([c for c in theirs if c.startswith("Figur ")]) == len([c for c in ours if c.startswith("Figur ")])
    assert len([c for c in theirs if c.startswith("Tabel ")]) == len([c for c in ours if c.startswith("Tabel ")])
    assert theirs == ours
    assert "Figur 6.1" in " ".join(theirs) and "Tabel B.1" in " ".join(theirs)


def test_same_numbers_in_the_prose(builtin_html, quarto_html):
    missing = _prose_numbers(builtin_html) - _prose_numbers(quarto_html)
    assert not missing, f"numbers in the built-in report's prose that Quarto's lacks: {sorted(missing)[:20]}"
    assert "6.063" in _prose_numbers(quarto_html)


def test_every_reference_resolves_with_danish_labels(quarto_midterm, quarto_html):
    log = (quarto_midterm / "_build" / "midterm" / "render" / "quarto.log").read_text(encoding="utf-8")
    assert "Unable to resolve crossref" not in log
    assert "?@" not in quarto_html
    text = _text(quarto_html)
    for label in ("Figur 6.", "Tabel 6.", "Kapitel 6", "Bilag A", "afsnit 6."):
        assert label in text, label
    index = (_site(quarto_midterm, "midterm") / "index.html").read_text(encoding="utf-8")
    assert 'lang="da"' in index


def test_callouts_render_as_callouts(builtin_html, quarto_html):
    assert quarto_html.count('class="callout ') >= 1
    assert quarto_html.count('class="callout ') == builtin_html.count('class="callout ')


# --- Final round: the example-data mark ------------------------------------------------------------------
def test_example_mark_in_every_quarto_format(quarto_final):
    from pypdf import PdfReader

    out = quarto_final / "output" / "final"
    for page in _site(quarto_final, "final").rglob("*.html"):
        assert EXAMPLE_MARK in page.read_text(encoding="utf-8"), page.name
    reader = PdfReader(out / "vvv-final.pdf")
    unmarked = [i + 1 for i, page in enumerate(reader.pages)
                if EXAMPLE_MARK.replace(" ", "") not in (page.extract_text() or "").replace(" ", "").replace("\n", "")]
    assert not unmarked, f"PDF pages without the mark: {unmarked[:10]}"
    with zipfile.ZipFile(out / "vvv-final.docx") as docx:
        assert EXAMPLE_MARK in docx.read("word/document.xml").decode("utf-8")


def test_final_round_renders_with_quarto_without_unresolved_references(quarto_final):
    log = (quarto_final / "_build" / "final" / "render" / "quarto.log").read_text(encoding="utf-8")
    assert "Unable to resolve crossref" not in log
    for page in _site(quarto_final, "final").rglob("*.html"):
        assert "?@" not in page.read_text(encoding="utf-8"), page.name


def test_colophon_link_resolves_in_the_site(quarto_midterm):
    page = _site(quarto_midterm, "midterm") / "report" / "midterm" / "d-kolofon.html"
    assert 'href="kolofon.txt"' in page.read_text(encoding="utf-8")
    record = page.parent / "kolofon.txt"
    assert record.read_bytes() == (quarto_midterm / "output" / "midterm" / "kolofon.txt").read_bytes()


# --- Parity: what both engines must give alike --------------------------------------------------------------
CHAPTER_DOT = re.compile(r"^(\d+)\. ")   # Quarto's typst and DOCX chapter numbers "1. Forord"; built-in "1 Forord"
HEADING_NUMBER = re.compile(r"^[\dA-Z]+(?:\.\d+)*\.? ")
BIG_NUMBER = re.compile(r"(?<![\w.,])(?:\d{1,3}(?:\.\d{3})+|\d+,\d+|\d+ ?%)(?![\w])")


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", htmllib.unescape(text).replace("\u00a0", " ").replace("\u00ad", "")).strip()


def _differs(what: str, ours, theirs) -> list[str]:
    if ours == theirs:
        return []
    if isinstance(ours, list) and isinstance(theirs, list):
        import difflib

        diff = [d for d in difflib.unified_diff([str(x) for x in ours], [str(x) for x in theirs], lineterm="", n=0)
                if d[:1] in "+-" and not d.startswith(("+++", "---"))]
        return [f"{what} differ ({len(ours)} built-in, {len(theirs)} Quarto): {diff[:6]}"]
    return [f"{what} differ: built-in {sorted(ours)[:8] if isinstance(ours, set) else ours!r:.300} / "
            f"Quarto {sorted(theirs)[:8] if isinstance(theirs, set) else theirs!r:.300}"]


# HTML ------------------------------------------------------------------------------------------------------
def _builtin_body(project: Path, round_name: str) -> str:
    page = (project / "output" / round_name / f"vvv-{round_name}.html").read_text(encoding="utf-8")
    return re.search(r"<main>(.*)</main>", page, re.S).group(1)


def _footnotes(body: str) -> list[str]:
    notes = []
    for section in re.findall(r'<section[^>]*class="footnotes[^"]*"[^>]*>(.*?)</section>', body, re.S):
        for item in re.findall(r"<li\b[^>]*>(.*?)</li>", section, re.S):
            notes.append(_text(re.sub(r"<a\b[^>]*footnote-back[^>]*>.*?</a>", "", item, flags=re.S)))
    return notes


def _references(body: str) -> list[str]:
    return [_text(e) for e in re.findall(r'<div[^>]*class="csl-entry"[^>]*>(.*?)</div>', body, re.S)]


PHONE_IMAGE = re.compile(r'<img\b[^>]*class="[^"]*\bvvv-phone\b')


def html_problems(ours: str, theirs: str) -> list[str]:
    """Differences in what a reader gets from the two engines' HTML (empty: the same report)."""
    problems = []
    problems += _differs("section ids", _section_ids(ours), _section_ids(theirs))
    problems += _differs("numbered sections", _sections(ours), _sections(theirs))
    problems += _differs("captions", _captions(ours), _captions(theirs))
    problems += _differs("numbers in the prose", _prose_numbers(ours), _prose_numbers(theirs))
    problems += _differs("footnotes", _footnotes(ours), _footnotes(theirs))
    # Quarto's site lists a chapter's references on its page and all of them on the references page
    problems += _differs("references", sorted(set(_references(ours))), sorted(set(_references(theirs))))
    problems += _differs("keyboard-scrollable tables (html.lua)", ours.count('class="table-scroll"'),
                         theirs.count('class="table-scroll"'))
    problems += _differs("phone variants of figures (html.lua)", len(PHONE_IMAGE.findall(ours)),
                         len(PHONE_IMAGE.findall(theirs)))
    for name, body in (("built-in", ours), ("Quarto", theirs)):
        text = _text(body)
        for bad in ("?meta:", "?@"):
            if bad in text:
                problems.append(f"{name} HTML shows {bad}")
    return problems


# PDF -------------------------------------------------------------------------------------------------------
def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
    # A hyphen may reach the text layer as U+00AD (one glyph for both in DejaVu Sans): read it as "-", then join
    # the words hyphenated at a line end.
    text = text.replace("\u00ad", "-")
    return re.sub(r"(\w)-\n(\w)", r"\1\2", text).replace("\u00a0", " ")


def _outline(path: Path) -> list[str]:
    from pypdf import PdfReader

    titles: list[str] = []

    def walk(items):
        for item in items:
            walk(item) if isinstance(item, list) else titles.append(CHAPTER_DOT.sub(r"\1 ", _norm(item.title)))

    walk(PdfReader(path).outline)
    # Quarto's typst book (orange-book) puts the appendices under a part "Bilag" and numbers them "A. Datanoter";
    # the built-in engine titles them "Bilag A: Datanoter" (a layout difference, docs/quarto-subset.md).
    titles = [t for t in titles if t != "Bilag"]
    return [re.sub(r"^([A-Z])\. ", "Bilag \\1: ", t) for t in titles]


def _pdf_captions(text: str) -> list[str]:
    return [" ".join(m.split()[:8]) for m in re.findall(r"(?:Figur|Tabel) [\dA-Z]+\.\d+: .{0,80}", text)]


def _structure(path: Path) -> dict:
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DictionaryObject

    reader = PdfReader(path)
    root = reader.trailer["/Root"]
    meta = root["/Metadata"].get_object().get_data().decode("utf-8", "replace")
    alts, lists_in_cells = [], 0

    def walk(node, inside_cell):
        nonlocal lists_in_cells
        node = node.get_object()
        if isinstance(node, ArrayObject):
            for kid in node:
                walk(kid, inside_cell)
            return
        if not isinstance(node, DictionaryObject):
            return
        kind = str(node.get("/S", ""))
        if kind == "/Figure" and "/Alt" in node:
            alts.append(_norm(str(node["/Alt"])))
        if kind == "/L" and inside_cell:
            lists_in_cells += 1
        if "/K" in node:
            walk(node["/K"], inside_cell or kind in ("/TD", "/TH"))

    walk(root["/StructTreeRoot"], False)
    return {"PDF/UA-1": "pdfuaid:part>1<" in meta or 'pdfuaid:part="1"' in meta,
            "DisplayDocTitle": bool((root.get("/ViewerPreferences") or {}).get("/DisplayDocTitle")),
            "Lang": str(root.get("/Lang")), "figure alt texts": sorted(alts), "lists in table cells": lists_in_cells}


def pdf_problems(ours: Path, theirs: Path) -> list[str]:
    problems = []
    a, b = _norm(_pdf_text(ours)), _norm(_pdf_text(theirs))
    problems += _differs("PDF headings (bookmarks)", _outline(ours), _outline(theirs))
    # as a multiset: figures and short tables float (report/_typst/house.typ), and where a float lands is layout,
    # which the two templates set differently; what each caption says must be the same
    problems += _differs("PDF captions", sorted(_pdf_captions(a)), sorted(_pdf_captions(b)))
    problems += _differs("PDF numbers", set(BIG_NUMBER.findall(a)), set(BIG_NUMBER.findall(b)))
    problems += _differs("PDF '...' and '…'", (a.count("..."), a.count("…")), (b.count("..."), b.count("…")))
    sa, sb = _structure(ours), _structure(theirs)
    problems += _differs("PDF structure", sa, sb)
    wanted = {"PDF/UA-1": True, "DisplayDocTitle": True, "Lang": "da-DK", "lists in table cells": 0}
    for name, structure in (("built-in", sa), ("Quarto", sb)):
        bad = {k: structure[k] for k, v in wanted.items() if structure[k] != v}
        if bad:
            problems.append(f"{name} PDF: {bad}")
    return problems


# DOCX ------------------------------------------------------------------------------------------------------
def _docx_xml(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()
                if name in ("word/document.xml", "word/footnotes.xml", "word/styles.xml")}


def _paragraphs(xml: str) -> list[tuple[str, str]]:
    out = []
    for para in re.findall(r"<w:p\b.*?</w:p>", xml, re.S):
        style = re.search(r'<w:pStyle w:val="([^"]+)"', para)
        out.append((style.group(1) if style else "", _norm("".join(re.findall(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>", para)))))
    return out


def _grids(xml: str) -> list[list[int]]:
    """Each table's grid (twips), Quarto's one-cell layout tables around a table left out."""
    heads = re.findall(r"<w:tbl>.*?(?=<w:tr\b|</w:tbl>)", xml, re.S)
    grids = [[int(w) for w in re.findall(r'<w:gridCol w:w="(\d+)"', head)] for head in heads]
    return [g for g in grids if len(g) > 1]


def _figure_descriptions(xml: str) -> list[str]:
    """The alt text of every picture (Word's wp:docPr description), decorative ones left out (Quarto's callout
    icons have an empty one)."""
    return sorted(_norm(d) for d in re.findall(r'<wp:docPr\b[^>]*\bdescr="([^"]*)"', xml) if d.strip())


def docx_problems(ours: Path, theirs: Path) -> list[str]:
    from vvvanalysis.render.docx_tables import text_width

    a, b = _docx_xml(ours), _docx_xml(theirs)
    pa, pb = _paragraphs(a["word/document.xml"]), _paragraphs(b["word/document.xml"])
    problems = []
    problems += _differs("DOCX headings", [t for s, t in pa if re.fullmatch(r"Heading[1-3]", s)],
                         [t for s, t in pb if re.fullmatch(r"Heading[1-3]", s)])
    problems += _differs("DOCX captions", [t for s, t in pa if re.match(r"(Figur|Tabel) [\dA-Z]+\.\d+:", t)],
                         [t for s, t in pb if re.match(r"(Figur|Tabel) [\dA-Z]+\.\d+:", t)])
    problems += _differs("DOCX source lines", [t for s, t in pa if s == "Kildeangivelse"],
                         [t for s, t in pb if s == "Kildeangivelse"])
    problems += _differs("DOCX body numbers", set(BIG_NUMBER.findall(" ".join(t for _, t in pa))),
                         set(BIG_NUMBER.findall(" ".join(t for _, t in pb))))
    problems += _differs("DOCX footnotes", [t for _, t in _paragraphs(a.get("word/footnotes.xml", "")) if t],
                         [t for _, t in _paragraphs(b.get("word/footnotes.xml", "")) if t])
    page = re.compile(r"<w:pgSz\b[^>]*>|<w:pgMar\b[^>]*>")
    problems += _differs("DOCX figure descriptions (alt text)", _figure_descriptions(a["word/document.xml"]),
                         _figure_descriptions(b["word/document.xml"]))
    problems += _differs("DOCX page", page.findall(a["word/document.xml"])[-2:], page.findall(b["word/document.xml"])[-2:])
    problems += _differs("DOCX table grids", _grids(a["word/document.xml"]), _grids(b["word/document.xml"]))
    problems += _differs("DOCX styles", set(re.findall(r'w:styleId="([^"]+)"', a["word/styles.xml"])),
                         set(re.findall(r'w:styleId="([^"]+)"', b["word/styles.xml"])))
    for name, xml in (("built-in", a), ("Quarto", b)):
        line = text_width(xml["word/document.xml"])
        wide = [sum(g) for g in _grids(xml["word/document.xml"]) if sum(g) > line]
        if wide:
            problems.append(f"{name} DOCX tables wider than the {line}-twip line: {wide[:5]}")
    return problems


ROUNDS = ["midterm", "final"]


@pytest.fixture(scope="module")
def engines(rendered_midterm, rendered_final, quarto_midterm, quarto_final) -> dict[str, tuple[Path, Path]]:
    """round -> (the built-in engine's project, Quarto's project), each rendered once for the session."""
    return {"midterm": (rendered_midterm, quarto_midterm), "final": (rendered_final, quarto_final)}


def _outputs(project: Path, round_name: str) -> Path:
    return project / "output" / round_name


@pytest.mark.parametrize("round_name", ROUNDS)
def test_same_html_text_in_both_engines(engines, round_name):
    builtin, quarto = engines[round_name]
    ours, theirs = _builtin_body(builtin, round_name), "\n".join(_pages(_site(quarto, round_name)))
    assert html_problems(ours, theirs) == []


@pytest.mark.parametrize("round_name", ROUNDS)
def test_same_pdf_text_and_structure_in_both_engines(engines, round_name):
    builtin, quarto = engines[round_name]
    name = f"vvv-{round_name}.pdf"
    assert pdf_problems(_outputs(builtin, round_name) / name, _outputs(quarto, round_name) / name) == []


@pytest.mark.parametrize("round_name", ROUNDS)
def test_same_docx_body_page_grids_and_styles_in_both_engines(engines, round_name):
    builtin, quarto = engines[round_name]
    name = f"vvv-{round_name}.docx"
    assert docx_problems(_outputs(builtin, round_name) / name, _outputs(quarto, round_name) / name) == []


def test_both_engines_load_the_house_typst_settings(engines):
    """report/_typst/house.typ reaches both PDFs: the built-in engine's typst source holds it; in Quarto's PDF its
    region gives /Lang da-DK (Quarto's book template sets only `da`) and its figure-source draws the source lines
    (Quarto could not compile the PDF without it)."""
    house = (ROOT / "report" / "_typst" / "house.typ").read_text(encoding="utf-8").strip()
    for round_name, (builtin, quarto) in engines.items():
        typ = (builtin / "_build" / round_name / "render" / f"vvv-{round_name}.typ").read_text(encoding="utf-8")
        assert house in typ, round_name
        assert _structure(_outputs(quarto, round_name) / f"vvv-{round_name}.pdf")["Lang"] == "da-DK"


def test_a_filter_missing_from_one_engine_fails_the_parity_test(rendered_final, quarto_final, tmp_path):
    """The parity tests can fail: the built-in engine without report/_filters/html.lua and docx.lua (taken out of
    _quarto.yml in a copy) gives HTML and DOCX that the checks above refuse. (Without typst.lua the built-in PDF
    is not made at all: PDF/UA-1 refuses its figures, which lack their alt text.)"""
    project = tmp_path / "projekt"
    shutil.copytree(rendered_final, project, symlinks=True)
    config = project / "_quarto.yml"
    lines = config.read_text(encoding="utf-8").splitlines(keepends=True)
    config.write_text("".join(line for line in lines if not re.match(r"\s*- report/_filters/(html|docx)\.lua", line)),
                      encoding="utf-8")
    vvv(project, "render", "--round", "final", "--engine", "builtin", "--to", "html,docx")
    ours = _builtin_body(project, "final")
    theirs = "\n".join(_pages(_site(quarto_final, "final")))
    assert any("keyboard-scrollable tables" in p for p in html_problems(ours, theirs))
    problems = docx_problems(_outputs(project, "final") / "vvv-final.docx",
                             _outputs(quarto_final, "final") / "vvv-final.docx")
    assert any("source lines" in p for p in problems) and any("table grids" in p for p in problems), problems


# --- Accessibility of Quarto's pages (the built-in HTML: tests/test_accessibility_html.py) -------------------
@pytest.mark.parametrize("round_name", ROUNDS)
def test_axe_finds_no_violation_on_quarto_pages(browser, engines, round_name):  # noqa: F811 (the shared fixture)
    from test_accessibility_html import WIDTHS, _axe, _explain, _open

    found = []
    for page in sorted(_site(engines[round_name][1], round_name).rglob("*.html")):
        for width in WIDTHS.values():
            _open(browser, page, width)
            violations = _axe(browser)
            if violations:
                found.append(f"{page.name} at {width} px:\n{_explain(violations)}")
    assert found == []


# --- Switching engines never mixes outputs ----------------------------------------------------------------
def _published(project: Path, round_name: str) -> list[str]:
    return sorted(p.name for p in _outputs(project, round_name).iterdir())


def test_quarto_then_builtin_publishes_only_the_builtin_report(switched_midterm):
    out = _outputs(switched_midterm, "midterm")
    assert _published(switched_midterm, "midterm") == ["figurer", "kolofon.txt", "vvv-midterm.docx",
                                                       "vvv-midterm.html", "vvv-midterm.pdf"]
    work = switched_midterm / "_build" / "midterm" / "render"
    for name in ("vvv-midterm.html", "vvv-midterm.pdf", "vvv-midterm.docx"):   # the built-in engine's, fresh
        assert (out / name).read_bytes() == (work / name).read_bytes(), name
    assert "Motor:                  builtin" in (out / "kolofon.txt").read_text(encoding="utf-8")
    assert sorted(p.name for p in (out / "figurer").iterdir()) == sorted(p.name for p in (work / "media").glob("*.png"))


def test_builtin_then_quarto_publishes_only_the_quarto_report(quarto_final):
    out = _outputs(quarto_final, "final")
    assert _published(quarto_final, "final") == ["figurer", "kolofon.txt", "vvv-final-html", "vvv-final.docx",
                                                  "vvv-final.pdf"]
    raw = quarto_final / "_build" / "final" / "quarto"
    assert (out / "vvv-final.pdf").read_bytes() == next(raw.glob("*.pdf")).read_bytes()
    assert (out / "vvv-final.docx").read_bytes() == next(raw.glob("*.docx")).read_bytes()
    assert "Motor:                  quarto" in (out / "kolofon.txt").read_text(encoding="utf-8")


# --- Unresolved keys stop every engine ----------------------------------------------------------------------
def test_a_mistyped_key_stops_both_engines_naming_file_and_line(quarto_final, tmp_path):
    """The same mistyped {{< meta v.KEY >}} stops the built-in engine and Quarto alike, naming chapter and line;
    nothing is published (in a copy of the Quarto project; the Quarto render here is HTML only)."""
    project = tmp_path / "projekt"
    shutil.copytree(quarto_final, project, symlinks=True)
    chapter = project / "report" / "final" / "01-forord.qmd"
    original = chapter.read_text(encoding="utf-8")
    lines = original.splitlines()
    row = next(i for i, line in enumerate(lines, start=1) if line.strip() and not line.startswith(("#", ":::")))
    lines[row - 1] += " {{< meta v.findes_ikke >}}"
    before = {p.name: p.stat().st_mtime_ns for p in _outputs(project, "final").iterdir()}
    chapter.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for engine in ("builtin", "quarto"):
        proc = vvv(project, "render", "--round", "final", "--engine", engine, "--to", "html", check=False)
        assert proc.returncode != 0, engine
        assert f"01-forord.qmd, row {row}" in proc.stderr and "findes_ikke" in proc.stderr, (engine, proc.stderr)
    assert {p.name: p.stat().st_mtime_ns for p in _outputs(project, "final").iterdir()} == before
