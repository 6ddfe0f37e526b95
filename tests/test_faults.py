"""Fault suite: the real midterm project, damaged one thing at a time, run through the `vvv` CLI.

Every case must end in exactly one stderr line "vvv: error: …" (naming file, row and column where they
apply, what was expected and how to fix it), exit code 2, no traceback, and the last good report in
output/midterm/ byte for byte as it was, with no partial or temporary file anywhere in output/.

One "last good" render per module (module-scoped fixture); each case works in a copy of it. The copy
keeps _build/, so the notebook cache is reused and render-level cases cost seconds, not a full run.
Validation-level cases call `vvv validate`, render-level cases `vvv render --round midterm --engine builtin`.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from typing import Callable

import pytest

from conftest import vvv

RENDER = ("render", "--round", "midterm", "--engine", "builtin")
VALIDATE = ("validate", "--round", "midterm")
DATA = Path("data") / "midterm"
XDIST_SPREAD = True   # independent, slow cases on either worker (tests/conftest.py)


@pytest.fixture(scope="module")
def last_good(rendered_midterm) -> Path:
    """The session's midterm render is the last good report (each test works on its own copy)."""
    return rendered_midterm


@pytest.fixture
def project(last_good, tmp_path) -> Path:
    dest = tmp_path / "p"
    shutil.copytree(last_good, dest)
    return dest


def snapshot(project: Path) -> dict[str, bytes]:
    out = project / "output"
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


# --- damage helpers ---------------------------------------------------------------------------------
def replace(rel: str | Path, old: str, new: str, count: int = 1) -> Callable[[Path], None]:
    def damage(project: Path) -> None:
        path = project / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {rel}"
        path.write_text(text.replace(old, new, count), encoding="utf-8")
    return damage


def data(name: str, old: str, new: str) -> Callable[[Path], None]:
    return replace(DATA / name, old, new)


def write(rel: str | Path, content: bytes) -> Callable[[Path], None]:
    def damage(project: Path) -> None:
        (project / rel).write_bytes(content)
    return damage


def delete(rel: str | Path) -> Callable[[Path], None]:
    def damage(project: Path) -> None:
        (project / rel).unlink()
    return damage


def recode(rel: str | Path, encoding: str) -> Callable[[Path], None]:
    def damage(project: Path) -> None:
        path = project / rel
        path.write_bytes(path.read_text(encoding="utf-8").encode(encoding))
    return damage


def notebook_cell(name: str, label_or_index, new_source: str) -> Callable[[Path], None]:
    def damage(project: Path) -> None:
        path = project / "notebooks" / name
        nb = json.loads(path.read_text(encoding="utf-8"))
        nb["cells"][label_or_index]["source"] = new_source
        path.write_text(json.dumps(nb, indent=1, ensure_ascii=False), encoding="utf-8")
    return damage


CH06 = Path("report") / "midterm" / "06-status-programniveau.qmd"
_CH06_LINES = (Path(__file__).resolve().parents[1] / CH06).read_text(encoding="utf-8").splitlines()


# The narrative of section 6.1.2 lives in the midterm's chapter 6 file, with its headings and figures.
PROSE06 = CH06
_PROSE06_LINES = _CH06_LINES


def row_of(needle: str, lines: list[str] = _CH06_LINES) -> str:
    """'row N' of the first line (of chapter 6, or the given lines) containing needle (the prose may move)."""
    return f"row {next(i for i, line in enumerate(lines, start=1) if needle in line)}"


HEADING06 = next(line for line in _CH06_LINES if line.startswith("## ") and "{#sec-tilstedevaerelse}" in line)
HEADING06_ROW = _CH06_LINES.index(HEADING06) + 1
TABLE_EMBED = next(line for line in _CH06_LINES if "#tabel-reorganisering >}}" in line)
T6 = "tabel6_reorganisering.csv"

# (command, damage, fragments the one message must contain). Row numbers are the lines a spreadsheet shows.
CASES: dict[str, tuple[tuple[str, ...], Callable[[Path], None], list[str]]] = {
    # --- data files: validation level ---
    "missing file": (VALIDATE, delete(DATA / T6), [T6, "file is missing", "Fix: restore it from git"]),
    "missing YAML file": (VALIDATE, delete(DATA / "citater.yaml"), ["citater.yaml", "file is missing"]),
    "missing column": (VALIDATE, data(T6, "change,count,n,memo_ref", "change,count,memo_ref"),
                       [T6, "row 1", "column 'n'", "expected columns change, count, n, memo_ref", "Fix: add"]),
    "renamed column": (VALIDATE, data(T6, "change,count,n,memo_ref", "change,antal,n,memo_ref"),
                       [T6, "row 1", "column 'count' is missing", "Fix: rename column 'antal' to 'count'"]),
    "unknown extra column": (VALIDATE, data(T6, "change,count,n,memo_ref\n", "change,count,n,memo_ref,x\n"),
                             [T6, "row 1", "unknown column 'x'", "expected only columns"]),
    "wrong type": (VALIDATE, data(T6, ",29,31,", ",29 kommuner,31,"),
                   [T6, "row 2", "column 'count'", "'29 kommuner' is not a whole number", "expected a whole number"]),
    "decimal in a count": (VALIDATE, data(T6, ",29,31,", ",29.5,31,"), [T6, "row 2", "column 'count'", "whole number"]),
    "negative count": (VALIDATE, data(T6, ",29,31,", ",-29,31,"),
                       [T6, "row 2", "column 'count'", "negative", "expected a number >= 0"]),
    "share above 100 %": (VALIDATE, data("lg_insight_2018.csv", ",0.36,", ",36,"),
                          ["lg_insight_2018.csv", "row 2", "column 'share'", "outside 0..1", "between 0 and 1"]),
    "count above its n": (VALIDATE, data(T6, ",29,31,", ",32,31,"),
                          [T6, "row 2", "column 'count'", "larger than its n = 31"]),
    # No file holds shares of one whole (shares are stored only where n is unknown); exclusive answers are
    # counts, and their sum must stay within n: the same check, made exactly instead of "within rounding".
    "exclusive answers add up above n": (VALIDATE, data("tabel7_frivilligkapacitet.csv", ",12,42,", ",30,42,"),
                                         ["tabel7_frivilligkapacitet.csv", "column 'count'", "add up to", "but n = 42"]),
    "two n within one question": (VALIDATE, data("tabel7_frivilligkapacitet.csv", ",12,42,", ",12,41,"),
                                  ["tabel7_frivilligkapacitet.csv", "row 4", "column 'n'",
                                   "n = 41 differs from n = 42", "one n per question"]),
    "duplicate key": (VALIDATE, data("henvisningskilder.csv", "Boligsociale aktører,14", "Jobcenter,14"),
                      ["henvisningskilder.csv", "row 3", "duplicate key", "first on line 2"]),
    "unknown category": (VALIDATE, data("tabel8_kurser.csv", ",fysisk,", ",hybrid,"),
                         ["tabel8_kurser.csv", "row 2", "column 'format'", "unknown category 'hybrid'",
                          "one of: fysisk, webinar"]),
    "unknown source key": (VALIDATE, data("henvisningskilder.csv", "67,podio", "67,podo"),
                           ["henvisningskilder.csv", "row 2", "column 'source'", "unknown kilder key 'podo'"]),
    "dot decimal in a ';' file": (VALIDATE, write(DATA / "lg_insight_2018.csv",
                                                  "item;share;year;source;memo_ref;note\r\n"
                                                  "manglende_frivillige_aarsag;0.36;2018;lg_insight_2019;6.3.1;\r\n"
                                                  .encode()),
                                  ["lg_insight_2018.csv", "row 2", "column 'share'", "'0.36': '.' is not the decimal mark in a ';' file",
                                   "e.g. 0,36"]),
    "empty file": (VALIDATE, write(DATA / T6, b""), [T6, "empty"]),
    "header only": (VALIDATE, write(DATA / T6, b"change,count,n,memo_ref\n"), [T6, "row 1", "no data rows"]),
    "cp1252 encoding is rejected": (VALIDATE, recode(DATA / "tabel8_kurser.csv", "cp1252"),
                                    ["tabel8_kurser.csv", "row 2", "not UTF-8", "Fix: open the file in Excel",
                                     "CSV UTF-8"]),
    "malformed date": (VALIDATE, data("tabel8_kurser.csv", "2021-08-25", "25.08.21"),
                       ["tabel8_kurser.csv", "row 2", "column 'date'", "'25.08.21' is not a valid date", "YYYY-MM-DD"]),
    "impossible date": (VALIDATE, data("tabel8_kurser.csv", "2021-08-31", "2021-02-31"),
                        ["tabel8_kurser.csv", "row 3", "'2021-02-31' is not a valid date"]),
    "stray separator": (VALIDATE, data("henvisningskilder.csv", "Jobcenter,67", "Jobcenter,67,68"),
                        ["henvisningskilder.csv", "row 2", "has 6 cells but the header has 5", "double quotes"]),
    "empty required cell": (VALIDATE, data("tabel8_kurser.csv", "Kulturmødet,", ","),
                            ["tabel8_kurser.csv", "row 2", "column 'course'", "empty"]),
    "broken YAML": (VALIDATE, data("anbefalinger.yaml", "  section: \"6.1\"\n", "  section: \"6.1\n", ),
                    ["anbefalinger.yaml", "row ", "cannot be parsed", "Fix: check indentation"]),
    "YAML schema violation": (VALIDATE, data("succeskriterier.yaml", "  target: 90\n", "  target: halvfems\n"),
                              ["succeskriterier.yaml", "target"]),
    "targets disagree between files": (VALIDATE, data("succeskriterier.yaml", "  target: 90\n", "  target: 91\n"),
                                       ["succeskriterier.yaml", "target 91", "differs from succeskriterier_status.csv"]),
    "unknown round name": (("validate", "--round", "midtrem"), lambda p: None,
                           ["unknown round 'midtrem'", "one of: ", "midterm", "Fix: "]),
    "invalid round name": (("validate", "--round", "Midterm 2"), lambda p: None,
                           ["'Midterm 2' is not a valid round name", "lower-case"]),
    # --- round config and report sources: render level ---
    "unknown output format": ((*RENDER, "--to", "html,odt"), lambda p: None,
                              ["unknown output format(s): odt", "expected html, pdf, docx", "Fix: "]),
    "missing command-line option": (("render", "--engine", "builtin"), lambda p: None,
                                    ["--round", "Fix: "]),
    "broken round.yml": (RENDER, data("round.yml", 'title: "Venner Viser Vej II"', 'title: "Venner Viser Vej II'),
                         ["round.yml", "not valid YAML", "row "]),
    "round.yml date malformed": (RENDER, data("round.yml", "report_date: 2021-11-01", "report_date: 01.11.2021"),
                                 ["round.yml", "report_date", "YYYY-MM-DD"]),
    "broken _quarto.yml": (RENDER, replace("_quarto.yml", "  chapters:\n", "  chapters\n"),
                           ["_quarto.yml", "not valid YAML", "row "]),
    "missing chapter": (RENDER, delete(Path("report") / "midterm" / "05-datagrundlag-og-metode.qmd"),
                        ["05-datagrundlag-og-metode.qmd", "does not exist", "_quarto-midterm.yml", "Fix: "]),
    "unresolved @fig- crossref": (RENDER, replace(PROSE06, "Som @fig-henvisning viser", "Som @fig-henvsning viser"),
                                  ["@fig-henvsning", PROSE06.name, row_of("Som @fig-henvisning viser", _PROSE06_LINES),
                                   "Fix: "]),
    "unknown meta key": (RENDER, replace(PROSE06, "{{< meta v.fig1_ja >}}", "{{< meta v.fig1_jaa >}}"),
                         [PROSE06.name, row_of("{{< meta v.fig1_ja >}}", _PROSE06_LINES), "'v.fig1_jaa' does not exist", "Fix: "]),
    "shortcode outside the subset": (RENDER, replace(PROSE06, "{{< meta v.fig1_ja >}}", "{{< video x.mp4 >}}"),
                                     [PROSE06.name, row_of("{{< meta v.fig1_ja >}}", _PROSE06_LINES), "shortcode 'video'",
                                      "outside the supported Quarto subset"]),
    "executable code cell in a chapter": (RENDER, replace(CH06, "::: {#fig-henvisning}", "```{python}\n1+1\n```\n\n::: {#fig-henvisning}"),
                                          ["06-status-programniveau.qmd", row_of("::: {#fig-henvisning}"), "executable code cell"]),
    "embed of an unknown cell": (RENDER, replace(CH06, "#figur-henvisning >}}", "#figur-henvsning >}}"),
                                 ["06-status-programniveau.qmd", row_of("#figur-henvisning >}}"), "no cell labelled 'figur-henvsning'",
                                  "Fix: "]),
    "pandoc failure (table div without a table)": (
        RENDER, replace(CH06, TABLE_EMBED, "Ingen tabel."),
        ["pandoc failed", "#tbl-reorganisering", "contains no table", "06-status-programniveau.qmd",
         row_of("{#tbl-reorganisering}"), "Fix: "]),
    "typst failure after HTML and DOCX succeeded": (
        RENDER, replace(PROSE06, "Som @fig-henvisning viser", "`#let x = (`{=typst} Som @fig-henvisning viser"),
        ["typst failed: unclosed delimiter near '", PROSE06.name, row_of("Som @fig-henvisning viser", _PROSE06_LINES),
         "Fix: fix the raw typst"]),
    "notebook fails mid-run": (RENDER, notebook_cell("06-1-kommuner.ipynb", -1,
                                                     "#| label: figur-henvisning\nfig = kommuner.no_such_figure(ctx)"),
                               ["notebook 06-1-kommuner.ipynb failed in cell", "AttributeError", "no_such_figure",
                                "Fix: open"]),
    # --- raw HTML in prose that would load from the network or run a script: refused by the HTML guard ---
    "script in a chapter": (RENDER, replace(CH06, HEADING06, HEADING06 + "\n\n<script>alert(1)</script>\n"),
                            ["the HTML would contain a script that is not the project's own", CH06.name,
                             f"row {HEADING06_ROW + 2}", "Fix: remove the raw HTML"]),
    "remote image in a chapter": (RENDER, replace(CH06, HEADING06,
                                                  HEADING06 + '\n\n<img src="https://example.org/spor.png">\n'),
                                  ["a network load", "example.org/spor.png", CH06.name, f"row {HEADING06_ROW + 2}"]),
    "iframe in a chapter": (RENDER, replace(CH06, HEADING06, HEADING06 + '\n\n<iframe src="kort.html"></iframe>\n'),
                            ["an embedded frame or object", CH06.name, f"row {HEADING06_ROW + 2}"]),
    "event handler in a chapter": (RENDER, replace(CH06, HEADING06,
                                                   HEADING06 + '\n\n<span onmouseover="alert(1)">x</span>\n'),
                                   ["a script in an 'onmouseover' attribute", CH06.name, f"row {HEADING06_ROW + 2}"]),
    "stylesheet from the network in a chapter": (
        RENDER, replace(CH06, HEADING06, HEADING06 + '\n\n<style>@import "https://fonts.example.com/a.css";</style>\n'),
        ["CSS @import from the network", CH06.name]),
    # Valid cell by cell, but the row every participant indicator starts from is gone.
    "indicator misses a row it needs": (RENDER, data("deltagere_og_matches.csv", "2018,aktive_ved_aarets_udgang,7173,",
                                                     "2018,matchede_i_aaret,7173,"),
                                        ["deltagere_og_matches.csv", "no row with measure 'aktive_ved_aarets_udgang'",
                                         "Fix: add the year's row"]),
}


# Raw HTML in a chapter is refused from the sources, before either engine renders (guard.check_sources).
BEFORE_RENDERING = {"script in a chapter", "remote image in a chapter", "iframe in a chapter",
                    "event handler in a chapter", "stylesheet from the network in a chapter"}


@pytest.mark.parametrize("case", CASES)
def test_fault_gives_one_clear_error_and_keeps_the_last_good_report(project, case):
    args, damage, fragments = CASES[case]
    before = snapshot(project)
    assert before, "the last good render left no outputs"
    damage(project)
    proc = vvv(project, *args, check=False)
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    assert len(lines) == 1, proc.stderr
    message = lines[0]
    print(message)
    assert message.startswith("vvv: error: "), message
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout
    assert ". Fix: " in message, f"no fix in: {message}"
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} missing from: {message}"
    after = snapshot(project)
    assert after == before, "the last good report changed after a failed run"
    leftovers = [p for p in (project / "output").rglob("*") if p.name.startswith(".") or ".partial" in p.name
                 or re.search(r"\.(tmp|part)$|~$", p.name)]
    assert not leftovers, leftovers
    if case in BEFORE_RENDERING:
        assert "▸ render (" not in proc.stdout, "raw HTML in a chapter was found only after rendering"


def test_sources_are_checked_before_rendering_and_code_is_text(tmp_path):
    """A remote markdown image is a network load too; raw HTML shown as code (a span, a fenced block) is text."""
    from vvvanalysis.errors import RenderError
    from vvvanalysis.guard import check_sources

    chapter = tmp_path / "kapitel.qmd"
    chapter.write_text("# Kapitel\n\nSkriv `<script>` som kode.\n\n```\n<iframe src=\"x\"></iframe>\n```\n",
                       encoding="utf-8")
    check_sources([chapter])
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nTekst.\n\n![Kort](https://example.org/k.png)\n",
                       encoding="utf-8")
    with pytest.raises(RenderError) as caught:
        check_sources([chapter])
    assert "a network load" in caught.value.message and caught.value.row == 11, caught.value.message


def test_debug_shows_the_traceback(project):
    delete(DATA / T6)(project)
    proc = vvv(project, "--debug", *VALIDATE, check=False)
    assert proc.returncode != 0
    assert "Traceback" in proc.stderr and "DataError" in proc.stderr


# --- Danish Excel variants that are accepted ----------------------------------------------------------
def _danish_excel(text: str) -> str:
    """What Danish Excel's plain "CSV" writes: ';' separator, decimal comma, CRLF, and (here) a BOM and
    stray spaces around every cell, as copy-paste leaves them."""
    import csv
    import io

    rows = list(csv.reader(io.StringIO(text)))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for i, row in enumerate(rows):
        cells = [re.sub(r"^(-?\d+)\.(\d+)$", r"\1,\2", c) if i else c for c in row]
        writer.writerow([f" {c} " if i and c else c for c in cells])
    return "\ufeff" + out.getvalue()


@pytest.mark.parametrize("variant", ["bom", "semicolon_decimal_comma", "stray_whitespace", "crlf"])
def test_accepted_variant_validates(project, variant):
    folder = project / DATA
    for path in folder.glob("*.csv"):
        text = path.read_text(encoding="utf-8")
        if variant == "bom":
            text = "\ufeff" + text
        elif variant == "semicolon_decimal_comma":
            text = _danish_excel(text).lstrip("\ufeff").replace(" ;", ";").replace("; ", ";")
        elif variant == "stray_whitespace":
            text = re.sub(r",(?=[^,\n\"])", ",  ", text).replace("\n", " \n")
        else:
            text = text.replace("\n", "\r\n")
        path.write_text(text, encoding="utf-8", newline="")
    proc = vvv(project, *VALIDATE, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "data files valid" in proc.stdout


def _report_text(files: dict[str, bytes], tmp: Path) -> dict[str, str]:
    """HTML, DOCX and PDF as text, with the colophon's data fingerprints masked (re-saved files have new
    hashes by design; every number, word and figure must stay the same)."""
    import docx
    from pypdf import PdfReader

    (tmp / "r.docx").write_bytes(files["midterm/vvv-midterm.docx"])
    (tmp / "r.pdf").write_bytes(files["midterm/vvv-midterm.pdf"])
    document = docx.Document(tmp / "r.docx")
    texts = {
        "html": files["midterm/vvv-midterm.html"].decode("utf-8"),
        "docx": "\n".join([p.text for p in document.paragraphs]
                          + [c.text for t in document.tables for r in t.rows for c in r.cells]),
        "pdf": "\n".join(page.extract_text() for page in PdfReader(tmp / "r.pdf").pages),
    }
    return {k: re.sub(r"[0-9a-f]{10,}", "<hash>", re.sub(r"(?<=[0-9a-f])\s+(?=[0-9a-f]{4})", "", v))
            for k, v in texts.items()}


def test_danish_excel_export_renders_the_same_report(project, tmp_path):
    """Every CSV re-saved as Danish Excel would (BOM, ';', decimal comma, CRLF, stray spaces): the report
    says exactly what the one rendered from the tidy files says, and its figures are byte-identical."""
    before = snapshot(project)
    folder = project / DATA
    for path in folder.glob("*.csv"):
        path.write_text(_danish_excel(path.read_text(encoding="utf-8")), encoding="utf-8", newline="")
    assert ";0,36;" in (folder / "lg_insight_2018.csv").read_text(encoding="utf-8-sig").replace(" ", "")
    vvv(project, *RENDER)
    after = snapshot(project)
    assert after.keys() == before.keys()
    figures = [name for name in before if name.endswith(".png") and before[name] != after[name]]
    assert not figures, f"the Danish Excel export changed {figures}"
    old, new = _report_text(before, tmp_path), _report_text(after, tmp_path)
    for fmt in old:
        assert "6.063" in old[fmt]
        assert old[fmt] == new[fmt], f"the Danish Excel export changed the {fmt} text"



# --- data text is text in every format ------------------------------------------------------------------
QUOTE_PAYLOAD = ('<script>alert("x")</script> *ikke fed* _ikke kursiv_ @navn $5$ og $6$ #panic("x") '
                 '{{< meta title >}} <img src="https://example.org/p.png"> [Vennen](https://example.org) '
                 'H~2~O x^2^ &amp; 25. november')


def _texts(out: Path, tmp: Path) -> dict[str, str]:
    import html as htmllib

    import docx
    from pypdf import PdfReader

    markup = (out / "vvv-midterm.html").read_text(encoding="utf-8")
    body = re.sub(r"(?is)<(style|script)\b.*?</\1>", " ", markup)
    document = docx.Document(out / "vvv-midterm.docx")
    return {
        "html": htmllib.unescape(re.sub(r"<[^>]+>", " ", body)),
        "docx": "\n".join(p.text for p in document.paragraphs),
        "pdf": "\n".join(page.extract_text() for page in PdfReader(out / "vvv-midterm.pdf").pages),
    }


def test_a_quote_full_of_markup_is_published_verbatim_in_every_format(project, tmp_path):
    """The quote is the data's characters in HTML, DOCX and PDF (read back), and no part of it became markup,
    a script or a network load."""
    replace(DATA / "citater.yaml", "Vi taler om min fremtid efter sprogskolen, hvad jeg skal lave.",
            QUOTE_PAYLOAD.replace('"', '\\"'))(project)
    vvv(project, *RENDER)
    out = project / "output" / "midterm"
    markup = (out / "vvv-midterm.html").read_text(encoding="utf-8")
    from vvvanalysis.guard import problems

    # the template's own script (the phone TOC) is allowed; the quote's <script> must arrive as text
    assert "<script>alert" not in markup.lower() and not problems(markup)
    assert 'src="https://' not in markup and "<em>ikke" not in markup
    squeeze = lambda t: re.sub(r"\s+", "", t)   # noqa: E731 - line breaks of each format are not the data's
    for fmt, text in _texts(out, tmp_path).items():
        assert squeeze(QUOTE_PAYLOAD) in squeeze(text), f"{fmt} does not hold the quote verbatim"


def test_a_pandoc_earlier_on_path_is_never_used(project, tmp_path):
    """The pinned pandoc runs by absolute path; a newer 'pandoc' on PATH changes nothing (and the colophon
    names the pinned version)."""
    from vvvanalysis.render.builtin import pandoc_version

    fake = tmp_path / "bin"
    fake.mkdir()
    marker = tmp_path / "fake-pandoc-ran"
    (fake / "pandoc").write_text(f"#!/bin/sh\ntouch {marker}\necho 'pandoc 99.0'\nexit 1\n", encoding="utf-8")
    (fake / "pandoc").chmod(0o755)
    replace(CH06, HEADING06, HEADING06 + "\n\nEn ny sætning, så pandoc og typst skal køre igen.")(project)
    proc = vvv(project, *RENDER, check=False, env={"PATH": f"{fake}:{os.environ['PATH']}"})
    assert proc.returncode == 0, proc.stderr
    assert "render (builtin)" in proc.stdout
    assert not marker.exists(), "the pandoc found on PATH was run"
    assert "En ny sætning" in (project / "output" / "midterm" / "vvv-midterm.html").read_text(encoding="utf-8")
    colophon = (project / "_build" / "midterm" / "generated" / "kolofon.md").read_text(encoding="utf-8")
    assert f"pandoc {pandoc_version()}" in colophon


# --- every input is in its cache key ---------------------------------------------------------------------
def _ran(stdout: str) -> set[str]:
    line = next(line for line in stdout.splitlines() if line.strip().startswith("notebooks ran:"))
    return {n.strip() for n in line.split(":", 1)[1].split(",") if n.strip() not in {"", "-"}}


def test_each_kind_of_input_reruns_what_reads_it_and_reuses_the_rest(project):
    """A data file re-runs only the notebooks that read it; round.yml re-runs every notebook (each reads the
    round config) and changes what depends on it; a chapter re-runs no notebook; nothing changed, nothing runs."""
    proc = vvv(project, *RENDER)
    assert _ran(proc.stdout) == set(), "a no-op render ran notebooks"
    # A data file: only its readers (Tabel 8 is read by the courses notebook and the goal overview).
    replace(DATA / "tabel8_kurser.csv", "Kulturmødet,2021-08-25,30,", "Kulturmødet,2021-08-25,31,")(project)
    ran = _ran(vvv(project, *RENDER).stdout)
    assert "06-4-5-kurser-og-boligomraader.ipynb" in ran
    assert "06-1-kommuner.ipynb" not in ran and "04-05-projekt-og-data.ipynb" not in ran, ran
    # round.yml: an outlook assumption changes the outlook figure, and the notebooks that read it re-run.
    figure = project / "output" / "midterm" / "figurer" / "figur-fremskrivning.png"
    old_figure = figure.read_bytes()
    text = (project / DATA / "round.yml").read_text(encoding="utf-8")
    new = re.sub(r"(ending_rate:\s*)(0\.\d+|implied)", r"\g<1>0.5", text, count=1)
    assert new != text, "round.yml has no outlook ending_rate to change"
    (project / DATA / "round.yml").write_text(new, encoding="utf-8")
    ran = _ran(vvv(project, *RENDER).stdout)
    assert "02-fremskrivning.ipynb" in ran
    assert figure.read_bytes() != old_figure, "the outlook figure kept the old assumption"
    # A chapter: no notebook re-runs.
    replace(CH06, HEADING06, HEADING06 + "\n\nEn ny sætning.")(project)
    assert _ran(vvv(project, *RENDER).stdout) == set()
