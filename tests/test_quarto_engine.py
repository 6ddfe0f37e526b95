"""The Quarto engine for real (issue 13): runs whenever `quarto` is on PATH, skips with the reason otherwise.

Quarto renders are slow (~1–2 min a round), so there are three, shared by every test here:
- midterm with `vvv render --engine quarto` (all formats) in one copy of the project,
- midterm the Quarto user's way — `vvv execute`, then `quarto render --profile midterm` — in a second copy
  at another path (the same bytes as the first: reproducible, and no build paths in the outputs),
- final with `vvv render --engine quarto` (the example-data mark in every format).
The built-in render of the midterm (conftest's `rendered_midterm`) is the other side of the parity test.
"""

from __future__ import annotations

import html as htmllib
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from conftest import copy_project, vvv
from vvvanalysis.marks import EXAMPLE_MARK

pytestmark = pytest.mark.skipif(
    shutil.which("quarto") is None,
    reason="Quarto is not on PATH: install it with 'bash ../shared/tools/quarto/build-quarto.sh' and put "
           "/opt/quarto/bin on PATH (README, 'Quarto'); .ci/run does this in CI")

EPOCH = "1638230400"


def _quarto_render(project: Path, round_name: str) -> Path:
    """vvv render --engine quarto, with a stale figure in output/<round>/figurer/ left by an 'earlier render'."""
    figures = project / "output" / round_name / "figurer"
    figures.mkdir(parents=True)
    (figures / "figur-fra-en-tidligere-gengivelse.png").write_bytes(b"stale")
    proc = vvv(project, "render", "--round", round_name, "--engine", "quarto")
    (project / "quarto-run.log").write_text(proc.stdout, encoding="utf-8")
    return project


def _executed(project: Path, rendered: Path, round_name: str) -> Path:
    """The session's built-in render already executed the round's notebooks (the cache does not depend on the
    engine): Quarto renders from them instead of running every notebook again."""
    shutil.copytree(rendered / "_build" / round_name, project / "_build" / round_name,
                    ignore=shutil.ignore_patterns("render", "preview"))
    return project


@pytest.fixture(scope="session")
def quarto_midterm(rendered_midterm, tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("quarto-midterm"))
    return _quarto_render(_executed(project, rendered_midterm, "midterm"), "midterm")


@pytest.fixture(scope="session")
def quarto_final(rendered_final, tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("quarto-final"))
    return _quarto_render(_executed(project, rendered_final, "final"), "final")


@pytest.fixture(scope="session")
def quarto_user_midterm(rendered_midterm, tmp_path_factory) -> Path:
    """What a Quarto user types: vvv execute, then quarto render --profile midterm (no vvv render)."""
    project = _executed(copy_project(tmp_path_factory.mktemp("quarto-user") / "anden-sti"), rendered_midterm,
                        "midterm")
    vvv(project, "execute", "--round", "midterm")
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)
    proc = subprocess.run(["quarto", "render", "--profile", "midterm", "--to", "all"], cwd=project, env=env,
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    (project / "quarto-user.log").write_text(proc.stdout + proc.stderr, encoding="utf-8")
    return project


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
def test_quarto_render_after_vvv_execute_gives_the_same_bytes(quarto_midterm, quarto_user_midterm):
    """Two renders in two places: vvv's (post-processed) and the plain Quarto one. PDF and DOCX are
    byte-identical as Quarto writes them; the HTML is after vvv's post-processing of the second."""
    from vvvanalysis.render.quarto import reproducible

    raw = quarto_user_midterm / "_build" / "midterm" / "quarto"
    out = quarto_midterm / "output" / "midterm"
    assert next(raw.glob("*.pdf")).read_bytes() == (out / "vvv-midterm.pdf").read_bytes()
    assert next(raw.glob("*.docx")).read_bytes() == (out / "vvv-midterm.docx").read_bytes()
    reproducible(raw, quarto_user_midterm)
    site = _site(quarto_midterm, "midterm")
    ours = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    del ours[Path("report", "midterm", "kolofon.txt")]   # the record vvv puts beside the colophon page
    theirs = {p.relative_to(raw): p.read_bytes() for p in raw.rglob("*")
              if p.is_file() and p.suffix not in {".pdf", ".docx", ".typ"}}
    assert sorted(ours) == sorted(theirs)
    differing = [str(k) for k in ours if ours[k] != theirs[k]]
    assert not differing, f"HTML differs between two renders: {differing[:5]}"


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
    for label in ("Figur 6.", "Tabel 6.", "Kapitel 6", "Bilag A", "Afsnit 6."):
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
