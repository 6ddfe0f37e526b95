"""HTML layout in headless Chromium (issue 23 item 6, issue 24 item 1): at 1280 px every table fits its region
(Tabel 2.1's key column whole); at 390 px figures scale to the column, a figure of several panels shows its phone
variant (panels stacked, text at a legible size; the wide one at 1280 px), and a table wider than the screen keeps
its first column and shows that it scrolls; the end-notes have the heading "Noter"; "Bilag E: Kolofon" has no
gap before the colon; the final round's sticky banner never covers a heading reached by a link.

Uses the browser of test_accessibility_html (same requirements; skips the same way without them).
"""

from __future__ import annotations

import base64
import re
from html import unescape
from pathlib import Path
from urllib.parse import unquote

import pytest
from test_accessibility_html import WIDTHS, _open, browser  # noqa: F401  (browser is a fixture)

# Each table region of the report wider than its box, named by its caption (the built-in engine's label) or,
# where Quarto labels every region just 'Tabel', by the id of the table's cross-reference target. The data rows
# under a caption ("Data", report/_filters/kilde-data.lua) are the data file's own columns, as many as it has:
# they scroll in their own region (DATA_REGIONS), and are not the report's tables.
OVERFLOW = """return [...document.querySelectorAll('.table-scroll')]
  .filter(t => !t.closest('.kilde-data'))
  .filter(t => t.scrollWidth > t.clientWidth + 1).map(t => {
    const label = t.getAttribute('aria-label'), host = t.closest('[id^="tbl-"]');
    return label === 'Tabel' && host ? host.id : label.slice(0, 60); });"""


@pytest.fixture(scope="module")
def pages(rendered_midterm, rendered_final):
    return {name: project / "output" / name / f"vvv-{name}.html"
            for name, project in (("midterm", rendered_midterm), ("final", rendered_final))}


def _engine_pages(request, engine: str, round_name: str) -> list[Path]:
    """The round's HTML pages by one engine: the built-in engine's one page, or every page of Quarto's site
    (its fixtures skip without Quarto)."""
    if engine == "builtin":
        return [request.getfixturevalue(f"rendered_{round_name}") / "output" / round_name / f"vvv-{round_name}.html"]
    site = request.getfixturevalue(f"quarto_{round_name}") / "output" / round_name / f"vvv-{round_name}-html"
    return sorted(site.glob("report/*/*.html"))


# With every "Data" disclosure opened: each data table that is wider than the column, by its caption (the data
# file), unless it scrolls inside its own region.
DATA_REGIONS = """document.querySelectorAll('details.kilde-data').forEach(d => { d.open = true; });
return [...document.querySelectorAll('.kilde-data table')].filter(t => {
  const region = t.closest('.table-scroll');
  const scrolls = region && ['auto', 'scroll'].includes(getComputedStyle(region).overflowX)
    && region.getBoundingClientRect().right <= region.parentElement.getBoundingClientRect().right + 1;
  return !scrolls && t.getBoundingClientRect().width > t.parentElement.getBoundingClientRect().width + 1;
}).map(t => (t.querySelector('caption') || t).textContent.trim().slice(0, 60));"""


def _laptop_overflow(driver, page: Path) -> list:
    _open(driver, page, WIDTHS["laptop"])
    wide = _overflow(driver, page)
    wide += [f"{page.name}: Data {name}" for name in driver.execute_script(DATA_REGIONS)]
    if driver.execute_script("return document.documentElement.scrollWidth") > WIDTHS["laptop"]:
        wide.append(f"{page.name}: the page, with the Data disclosures open")
    return wide


def _overflow(driver, page: Path) -> list:
    wide = driver.execute_script(OVERFLOW)
    if driver.execute_script("return document.documentElement.scrollWidth") > WIDTHS["laptop"]:
        wide.append("the page itself")
    return [f"{page.name}: {name}" for name in wide]


@pytest.mark.parametrize("engine", ["builtin", "quarto"])
@pytest.mark.parametrize("round_name", ["midterm", "final"])
def test_every_table_fits_at_laptop_width(browser, request, engine, round_name):  # noqa: F811
    """Quarto's text column is narrower (663 px at 1280) than the built-in engine's: Tabel 2.1 must fit both."""
    pages = _engine_pages(request, engine, round_name)
    assert any(p.read_text(encoding="utf-8").count("Succeskriterium") for p in pages)   # Tabel 2.1 is read
    assert [wide for page in pages for wide in _laptop_overflow(browser, page)] == []


# The final's Tabel 2.1 as it was: the interval and the month in columns of their own (eight in all), which made
# it 743 px wide in Quarto's 663-px column and cut its key column.
EIGHT_COLUMNS = r"""
const table = document.querySelector('#tbl-maalopfyldelse table') || [...document.querySelectorAll('table')]
  .find(t => t.querySelector('th') && t.querySelector('th').textContent.trim() === 'Succeskriterium');
const col = (text, tag) => { const c = document.createElement(tag); c.textContent = text; return c; };
table.querySelectorAll('colgroup').forEach(g => g.remove());
table.querySelectorAll('tr').forEach((row, i) => {
  const [status, source] = [row.children[2], row.children[3]];
  if (i === 0) {
    status.textContent = 'Status';
    status.after(col('95 %-interval', 'th'));
    source.textContent = 'Kilde';
    source.before(col('Opgjort', 'th'));
    return;
  }
  const s = status.textContent.trim().match(/^(.*?) \((.*?)\), (.*)$/);
  status.textContent = s ? `${s[1]} (${s[3]})` : status.textContent;
  status.after(col(s ? s[2] : '', 'td'));
  const k = source.textContent.trim().match(/^(.*), (\S+ \d{4})$/);
  source.textContent = k ? k[1] : source.textContent;
  source.before(col(k ? k[2] : '–', 'td'));
});
return table.querySelectorAll('tr')[0].children.length;
"""


def test_laptop_check_fails_on_the_eight_column_tabel_2_1_in_quarto(browser, quarto_final):  # noqa: F811
    page = next(quarto_final.glob("output/final/vvv-final-html/report/final/02-*.html"))
    assert _laptop_overflow(browser, page) == []
    assert browser.execute_script(EIGHT_COLUMNS) == 8
    assert _overflow(browser, page) == [f"{page.name}: tbl-maalopfyldelse"]


def test_data_region_check_catches_a_data_table_that_does_not_scroll(browser, tmp_path):  # noqa: F811
    page = tmp_path / "data.html"
    table = ('<div class="table-scroll" aria-label="x.csv" style="overflow-x:{}"><table style="min-width:600px">'
             '<caption>data/x/{}.csv</caption><tr><td>a</td></tr></table></div>')
    page.write_text('<!DOCTYPE html><html lang="da"><head><title>x</title></head><body><main style="width:300px">'
                    '<details class="kilde-data"><summary>Data</summary>' + table.format("auto", "rulles")
                    + table.format("visible", "flyder") + '</details></main></body></html>', encoding="utf-8")
    _open(browser, page, WIDTHS["laptop"])
    assert browser.execute_script(OVERFLOW) == []
    assert browser.execute_script(DATA_REGIONS) == ["data/x/flyder.csv"]


def test_overflow_check_catches_a_table_wider_than_its_region(browser, tmp_path):  # noqa: F811
    page = tmp_path / "wide.html"
    page.write_text('<!DOCTYPE html><html lang="da"><head><title>x</title></head><body><main style="width:300px">'
                    '<div class="table-scroll" aria-label="Tabel 1" style="overflow-x:auto">'
                    '<table style="min-width:600px"><tr><td>a</td></tr></table></div></main></body></html>',
                    encoding="utf-8")
    _open(browser, page, WIDTHS["laptop"])
    assert browser.execute_script(OVERFLOW) == ["Tabel 1"]


@pytest.mark.parametrize("round_name", ["midterm", "final"])
def test_phone_figures_fit_and_wide_tables_show_that_they_scroll(browser, pages, round_name):  # noqa: F811
    _open(browser, pages[round_name], WIDTHS["phone"])
    assert browser.execute_script("return document.documentElement.scrollWidth") <= WIDTHS["phone"]
    too_wide = browser.execute_script(
        "return [...document.querySelectorAll('figure.vvv-figure')].filter(f => f.scrollWidth > f.clientWidth + 1"
        "  || [...f.querySelectorAll('img')].some(img => img.getBoundingClientRect().width > f.clientWidth + 1)"
        ").length;")
    assert too_wide == 0, "a figure is wider than the phone's column"
    scrolling = browser.execute_script(
        "return [...document.querySelectorAll('.table-scroll')].filter(t => t.scrollWidth > t.clientWidth + 1)"
        ".map(t => { const s = getComputedStyle(t), c = getComputedStyle(t.querySelector('td, th'));"
        "  return [s.backgroundImage.includes('gradient'), c.position]; });")
    assert scrolling, "at 390 px some table is wider than the screen (else this test checks nothing)"
    assert all(cue and position == "sticky" for cue, position in scrolling), scrolling


# --- a figure of several panels on a phone (issue 23 item 6) ------------------------------------------------------
SMALLEST_TEXT = 9.0   # px on screen: the figures set no text below 7.5 pt, which a phone variant shows at ~10 px
PHONE_FIGURES = {"midterm": {"fig-deltagere"}, "final": {"fig-deltagere", "fig-udvikling-omfang"}}
# Every image of the page in document order: the end of its src (the key), its classes, whether it is shown, its
# width on screen, and the id of the figure float around it (fig-… in both engines).
IMAGES = """return [...document.querySelectorAll('img')].map(i => { const r = i.getBoundingClientRect();
  const host = i.closest('[id^="fig-"]');
  return [i.getAttribute('src').slice(-80), i.className, getComputedStyle(i).display !== 'none' && r.width > 0,
          r.width, host ? host.id : null]; });"""
IMG = re.compile(r"<img\b[^>]*>")
SRC = re.compile(r'\ssrc="([^"]*)"')
AXES = re.compile(r'<g id="axes_\d+">\s*<g id="patch_\d+">\s*<path d="([^"]*)"')


def _svg(page: Path, src: str) -> str | None:
    """The SVG an image shows: a data URI (built-in engine) or a file beside the page (Quarto)."""
    if src.startswith("data:image/svg+xml;base64,"):
        return base64.b64decode(src.split(",", 1)[1]).decode("utf-8")
    if src.endswith(".svg") and ":" not in src:
        return (page.parent / unquote(src)).read_text(encoding="utf-8")
    return None


def _panels(svg: str) -> list[list[tuple[float, ...]]]:
    """The figure's axes boxes (their background patch, in SVG units), grouped in rows: boxes whose heights overlap."""
    boxes = []
    for path in AXES.findall(svg):
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path)]
        boxes.append((min(numbers[0::2]), min(numbers[1::2]), max(numbers[0::2]), max(numbers[1::2])))
    rows: list[list[tuple[float, ...]]] = []
    for box in sorted(boxes, key=lambda b: b[1]):
        if rows and box[1] < max(b[3] for b in rows[-1]):
            rows[-1].append(box)
        else:
            rows.append([box])
    return rows


def _smallest_text(svg: str, shown_width: float) -> float:
    """The smallest font size in the SVG as the screen shows it (px), at the width the image is shown."""
    view_width = float(re.search(r'viewBox="[\d.]+ [\d.]+ ([\d.]+)', svg).group(1))
    return min(float(s) for s in re.findall(r"font-size: ([\d.]+)px", svg)) * shown_width / view_width


def _accessible_names(driver) -> list[str]:
    """The names of the images the accessibility tree holds (what a screen reader reads)."""
    nodes = driver.execute_cdp_cmd("Accessibility.getFullAXTree", {})["nodes"]
    return [n.get("name", {}).get("value", "") for n in nodes
            if not n.get("ignored") and n.get("role", {}).get("value") in {"image", "img"}]


def _figure_faults(driver, page: Path, width: int) -> tuple[set[str], list[str]]:
    """At `width` (phone or laptop): the figures with more than one panel on the page, and what is wrong with how
    they are shown. Phone: the wide image hidden and the phone variant shown, its panels one above the other (at
    most two side by side), no text smaller than SMALLEST_TEXT px. Laptop: the wide one shown and the other
    hidden. Both: the figure's alternative text is read once."""
    html = page.read_text(encoding="utf-8")
    svgs = {}
    for tag in IMG.findall(html):
        src = SRC.search(tag).group(1)
        svgs[src[-80:]] = _svg(page, src)
    _open(driver, page, width)
    images = driver.execute_script(IMAGES)
    names = _accessible_names(driver)
    phone = width == WIDTHS["phone"]
    found, faults = set(), []
    for tail, classes, shown, shown_width, host in images:
        svg = svgs.get(tail)
        if svg is None or len(AXES.findall(svg)) < 2 or "vvv-phone" in classes:
            continue   # not a figure of several panels, or the phone variant itself
        found.add(host)
        alt = unescape(re.search(r'\salt="([^"]*)"', next(t for t in IMG.findall(html) if tail in t)).group(1))
        if names.count(alt) != 1:
            faults.append(f"{page.name} {host}: a screen reader reads the figure {names.count(alt)} times")
        variant = [i for i in images if i[4] == host and "vvv-phone" in i[1]]
        if phone and shown:
            faults.append(f"{page.name} {host}: the wide figure is shown on a phone")
        if not phone and not shown:
            faults.append(f"{page.name} {host}: the wide figure is hidden at {width} px")
        if not variant:
            faults.append(f"{page.name} {host}: no phone variant")
            continue
        _tail, _classes, variant_shown, variant_width, _host = variant[0]
        if variant_shown != phone:
            faults.append(f"{page.name} {host}: the phone variant is {'hidden' if phone else 'shown'} at {width} px")
        if phone and variant_shown:
            small = svgs[variant[0][0]]
            rows = _panels(small)
            if len(rows) < 2 or max(len(r) for r in rows) > 2:
                faults.append(f"{page.name} {host}: the phone variant's panels are not stacked ({rows})")
            size = _smallest_text(small, variant_width)
            if size < SMALLEST_TEXT:
                faults.append(f"{page.name} {host}: text of {size:.1f} px on a phone")
    return found, faults


@pytest.mark.parametrize("engine", ["builtin", "quarto"])
@pytest.mark.parametrize("round_name", ["midterm", "final"])
def test_figures_of_several_panels_stack_on_a_phone(browser, request, engine, round_name):  # noqa: F811
    for width in (WIDTHS["phone"], WIDTHS["laptop"]):
        found, faults = set(), []
        for page in _engine_pages(request, engine, round_name):
            figures, wrong = _figure_faults(browser, page, width)
            found |= figures
            faults += wrong
        assert found == PHONE_FIGURES[round_name]
        assert faults == [], f"{engine} {round_name} at {width} px"


def test_phone_figure_check_fails_on_planted_faults(browser, rendered_midterm, tmp_path):  # noqa: F811
    """The built-in page with the phone variant left out, with the wide figure as its 'phone variant', and without
    the rule that hides the phone variant on a laptop."""
    page = rendered_midterm / "output" / "midterm" / "vvv-midterm.html"
    html = page.read_text(encoding="utf-8")
    phone = re.search(r'<img\b[^>]*class="vvv-phone"[^>]*>', html).group(0)
    wide = re.search(r'<img\b[^>]*class="vvv-wide"[^>]*>', html).group(0)
    faults = {}
    for name, text in (("uden-telefon", html.replace(phone, "")),
                       ("bred-som-telefon", html.replace(SRC.search(phone).group(1), SRC.search(wide).group(1))),
                       ("uden-regel", html.replace("img.vvv-phone.vvv-phone { display: none; }", ""))):
        planted = tmp_path / f"{name}.html"
        planted.write_text(text, encoding="utf-8")
        faults[name] = {w: [f.split(": ", 1)[1] for f in _figure_faults(browser, planted, WIDTHS[w])[1]]
                        for w in ("phone", "laptop")}
    assert faults["uden-telefon"] == {"phone": ["a screen reader reads the figure 0 times", "no phone variant"],
                                      "laptop": ["no phone variant"]}
    phone_faults = faults["bred-som-telefon"]["phone"]
    assert len(phone_faults) == 2 and phone_faults[0].startswith("the phone variant's panels are not stacked")
    assert re.fullmatch(r"text of \d\.\d px on a phone", phone_faults[1])
    assert faults["uden-regel"] == {"phone": [], "laptop": ["a screen reader reads the figure 2 times",
                                                             "the phone variant is shown at 1280 px"]}


@pytest.mark.parametrize("engine", ["builtin", "quarto"])
@pytest.mark.parametrize("round_name", ["midterm", "final"])
def test_pdf_and_docx_have_only_the_wide_figure(request, engine, round_name):
    """The phone variant is the HTML's alone: no picture of the DOCX is a phone variant or a figure's second copy
    (each description once), the built-in engine's typst source has one image per figure and names no phone
    file, and the notebooks Quarto reads (for its PDF and DOCX too) hold no phone output."""
    import zipfile
    from collections import Counter

    from vvvanalysis.marks import PHONE_MIME

    project = request.getfixturevalue(f"{'rendered' if engine == 'builtin' else 'quarto'}_{round_name}")
    out = project / "output" / round_name
    staged = project / "report" / round_name / "_generated"
    phones = sorted((project / "_build" / round_name / "render" / "media" if engine == "builtin" else staged)
                    .glob("*-phone.svg"))
    assert {p.name.removesuffix("-phone.svg") for p in phones} == {
        f.replace("fig-", "figur-") for f in PHONE_FIGURES[round_name]}
    with zipfile.ZipFile(out / f"vvv-{round_name}.docx") as docx:
        xml = docx.read("word/document.xml").decode("utf-8")
        media = [docx.read(n) for n in docx.namelist() if n.startswith("word/media/")]
    described = Counter(re.findall(r'<wp:docPr [^>]*descr="([^"]*)"', xml))
    assert [d for d, n in described.items() if d and n > 1] == []
    assert not any(p.read_bytes() in media for p in phones)
    if engine == "builtin":
        typ = (project / "_build" / round_name / "render" / f"vvv-{round_name}.typ").read_text(encoding="utf-8")
        figures = list((out / "figurer").glob("*.png"))
        assert typ.count("#image(") == len(figures) and "-phone.svg" not in typ
    else:
        notebooks = (project / "report" / round_name / "_executed").glob("*.ipynb")
        assert not any(PHONE_MIME in p.read_text(encoding="utf-8") for p in notebooks)


@pytest.mark.parametrize("round_name", ["midterm", "final"])
def test_end_notes_sit_under_the_heading_noter(browser, pages, round_name):  # noqa: F811
    _open(browser, pages[round_name], WIDTHS["laptop"])
    heading = browser.execute_script(
        "const s = document.querySelector('section.footnotes'); if (!s) return 'no notes';"
        "const h = s.previousElementSibling; return h ? [h.tagName, h.textContent.trim()] : null;")
    listed = browser.execute_script("return !!document.querySelector('nav#TOC a[href=\"#noter\"]')")
    if heading == "no notes":   # a report without footnotes has no empty heading either
        assert not listed
        return
    assert heading == ["H1", "Noter"]
    assert listed


def _colon_gaps(driver) -> list[tuple[str, float]]:
    """Appendix headings: the gap in px between 'Bilag E' and the colon after it."""
    return driver.execute_script(
        "return [...document.querySelectorAll('main h1 .header-section-number')]"
        ".filter(s => s.textContent.startsWith('Bilag')).map(s => {"
        "  const text = s.nextSibling; const r = document.createRange();"
        "  r.setStart(text, 0); r.setEnd(text, 1);"
        "  return [s.parentElement.textContent.trim(), r.getBoundingClientRect().left - s.getBoundingClientRect().right];"
        "});")


@pytest.mark.parametrize("round_name", ["midterm", "final"])
def test_appendix_headings_have_no_gap_before_the_colon(browser, pages, round_name):  # noqa: F811
    _open(browser, pages[round_name], WIDTHS["laptop"])
    gaps = _colon_gaps(browser)
    assert gaps and all(text.split(":")[0].endswith(("A", "B", "C", "D", "E")) for text, _gap in gaps)
    assert [g for g in gaps if g[1] > 1] == []
    # planted fault: the old margin after the number is seen
    browser.execute_script("document.querySelectorAll('.header-section-number')"
                           ".forEach(s => s.style.marginRight = '0.3rem');")
    assert [g for g in _colon_gaps(browser) if g[1] > 1]


def test_banner_does_not_hide_a_heading_reached_by_a_link(browser, pages):  # noqa: F811
    _open(browser, pages["final"], WIDTHS["laptop"])
    target = browser.execute_script("return document.querySelectorAll('main h2[id]')[3].id")
    browser.get(pages["final"].as_uri() + "#" + target)
    banner, top = browser.execute_script(
        "return [document.querySelector('.example-banner').getBoundingClientRect().bottom,"
        "        document.getElementById(arguments[0]).getBoundingClientRect().top];", target)
    assert top >= banner - 1, f"the heading starts {banner - top:.0f} px under the banner"


def _filtered(table: str, lua: Path) -> str:
    import subprocess

    from vvvanalysis.render.builtin import READER, pandoc_path
    return subprocess.run([pandoc_path(), "-f", READER, "-t", "html", "--lua-filter", str(lua)], input=table,
                          capture_output=True, text=True, check=True).stdout


def test_a_slash_between_words_in_a_table_may_break(tmp_path):
    """'flygtninge/familiesammenførte' kept the final's Tabel 8.1 wider than Quarto's column: html.lua lets the
    line break after the slash (and not in a count like 22/42, nor outside tables)."""
    lua = Path(__file__).resolve().parents[1] / "report" / "_filters" / "html.lua"
    table = "flygtninge/familie\n\n| Svar | Antal |\n|:--|--:|\n| at flygtninge/familiesammenførte, der | 22/42 |\n"
    out = _filtered(table, lua)
    assert "flygtninge/<wbr>familiesammenførte," in out and "22/42" in out and "<p>flygtninge/familie</p>" in out
    # planted fault: the filter without the break leaves the pair whole
    plain = tmp_path / "html.lua"
    plain.write_text(lua.read_text(encoding="utf-8").replace("tbl = tbl:walk({Str = slash_breaks})", ""),
                     encoding="utf-8")
    assert "<wbr>" not in _filtered(table, plain)


SOURCE_LINES = """return [...document.querySelectorAll('.figure-source')].map(s => {
  const c = getComputedStyle(s); return [parseFloat(c.fontSize), c.textAlign, c.fontFamily.includes('DejaVu Sans')]; });"""


@pytest.mark.parametrize("engine", ["builtin", "quarto"])
def test_figure_source_lines_are_set_alike_in_both_engines(browser, request, engine):  # noqa: F811
    """A figure's Kilde line is small sans, left-aligned, in either engine's page (Quarto set it as centred body
    text, the built-in engine as a small note)."""
    styles = []
    for page in _engine_pages(request, engine, "midterm"):
        _open(browser, page, WIDTHS["laptop"])
        styles += browser.execute_script(SOURCE_LINES)
    assert len(styles) >= 8   # the midterm's figures
    assert {(size <= 13.5, align in ("left", "start"), sans) for size, align, sans in styles} == {(True, True, True)}


def test_quarto_page_contents_show_when_opened_from_disk(browser, quarto_midterm):  # noqa: F811
    """A reviewer opens the site's pages from disk: quarto.js, a module script, cannot load there, and the page's
    contents list in the margin must still show its sections."""
    page = next(quarto_midterm.glob("output/midterm/vvv-midterm-html/report/midterm/06-*.html"))
    _open(browser, page, WIDTHS["laptop"])
    shown = browser.execute_script("return [...document.querySelectorAll('nav#TOC a')]"
                                   ".filter(a => a.getBoundingClientRect().height > 0).length")
    assert shown >= 5   # 6.1–6.5
