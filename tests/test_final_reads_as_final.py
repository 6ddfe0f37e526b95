"""The final round, rendered, reads as a final evaluation (issue 14): read back from the HTML and the PDF as a
reader sees them, never from the sources.

Fails on: "Foreløbige" in a heading; "notat" in a caption (the final round has no memo to cite); a path or a
.md/.csv/.yml name in the text (outside the colophon, whose purpose is to fingerprint the data files by name);
a midterm recommendation (id or verbatim text) outside the follow-up chapter; a printed change that is not
the difference of the printed before and after values. Each check is a function that is first shown to fail
on a bad sample, so a passing render means something.
"""

from __future__ import annotations

import re
import subprocess
import sys
from html import unescape
from html.parser import HTMLParser

import pytest
import yaml

from conftest import ROOT, vvv
from report_checks import without_provenance

MIDTERM_RECS = yaml.safe_load((ROOT / "data/midterm/anbefalinger.yaml").read_text(encoding="utf-8"))["anbefalinger"]
FOLLOWUP_TITLE = "Opfølgning på anbefalingerne"
COLOPHON_TITLE = "Kolofon"
NBSP, SHY, MINUS = "\u00a0", "\u00ad", "\u2212"


# --- the checks (pure functions over text a reader sees) -----------------------------------------------------
def preliminary_headings(headings: list[str]) -> list[str]:
    return [h for h in headings if re.search(r"foreløbig", h, re.I)]


def memo_captions(captions: list[str]) -> list[str]:
    # "statusnotat" is the organisations' own document (a source), not the midterm memo
    return [c for c in captions if re.search(r"(?<!status)notat", c, re.I)]


PATH = re.compile(r"[\w./-]*\b[\w-]+\.(?:md|qmd|csv|ya?ml|ipynb)\b|\b(?:data|report|src|_build|notebooks)/[\w./-]+")


def visible_paths(text: str) -> list[str]:
    return PATH.findall(text)


def _id_pattern(rec_id: str) -> re.Pattern:
    return re.compile(r"(?<![\w.\-])" + re.escape(rec_id) + r"(?![\w\-])")


def _norm(text: str) -> str:
    return " ".join(text.replace(SHY + "\n", "").replace(SHY, "").replace(NBSP, " ").split())


def midterm_recommendations_in(text: str) -> list[str]:
    """Midterm recommendation ids, or the opening words of their texts, found in `text`."""
    text = _norm(text)
    found = [r["id"] for r in MIDTERM_RECS if _id_pattern(r["id"]).search(text)]
    for r in MIDTERM_RECS:
        for key in ("text", "chapter2_text"):
            if r.get(key) and _norm(r[key])[:60] in text:
                found.append(f"{r['id']} ({key})")
    return found


CHANGE_ROW = re.compile(r"(\d+) % \(\d+/\d+\)\s+(\d+) % \(\d+/\d+\)\s+([+−]?\d+) pct\.-point")
COUNT_ROW = re.compile(r"([\d.]+) \((?:[a-zæøå]+ )?\d{4}\)\s+([\d.]+) \((?:[a-zæøå]+ )?\d{4}\)\s+([+−]?[\d.]+)$")


def _int(text: str) -> int:
    return int(text.replace(".", "").replace(MINUS, "-").replace("+", ""))


def inconsistent_changes(lines: list[str]) -> tuple[int, list[str]]:
    """(rows read, rows whose printed change differs from printed after − printed before)."""
    read, bad = 0, []
    for line in lines:
        line = line.replace(NBSP, " ")
        for pattern in (CHANGE_ROW, COUNT_ROW):
            for before, after, change in pattern.findall(line):
                read += 1
                if _int(after) - _int(before) != _int(change):
                    bad.append(line.strip())
    return read, bad


def test_the_checks_catch_what_they_are_for():
    assert preliminary_headings(["2 Foreløbige fund og anbefalinger", "2 Fund og anbefalinger"]) == \
        ["2 Foreløbige fund og anbefalinger"]
    assert memo_captions(["Figur 3: … (n = 51; notatets Fig. 1).", "Figur 4: … (VVV's statusnotat)."]) == \
        ["Figur 3: … (n = 51; notatets Fig. 1)."]
    assert visible_paths("skrives her (data/final/tekst/udvikling-indledning.md).")
    assert visible_paths("– deltagere_og_matches.csv") and visible_paths("i round.yml")
    assert not visible_paths("Figur 9.1 viser 6.874 deltagere pr. 31.12.2022 og 95 %-intervaller.")
    assert midterm_recommendations_in("Evaluator anbefaler: 6.2-2 …") == ["6.2-2"]
    assert midterm_recommendations_in("At det kvantitative succeskriterium om 7.000 aktive matches ved "
                                      "projektafslutning genovervejes eventuelt i dialog med SIRI.")
    assert not midterm_recommendations_in("Afsnit 6.2 og 6.1.1; slut-6.2-1")
    assert inconsistent_changes(["Ja 52 % (22/42) 61 % (31/51) +8 pct.-point −11 til +27"]) == \
        (1, ["Ja 52 % (22/42) 61 % (31/51) +8 pct.-point −11 til +27"])
    assert inconsistent_changes(["Deltagere i året 6.063 (2020) 6.874 (2022) +811"]) == (1, [])
    assert inconsistent_changes(["Kommuner med VVV 83 (maj 2021) 88 (november 2022) +6"])[1]


def test_example_texts_are_found_under_their_heading_and_nowhere_else():
    from pathlib import Path

    from vvvanalysis.example_texts import in_text, pending

    text = ("# Udvikling {#sec-udvikling}\n\n::: {.eksempeltekst}\n*Eksempeltekst.* …\n:::\n\n"
            "## Andele {#sec-andele}\n\n```\n::: {.eksempeltekst}\n```\n\n::: {.callout-note title=\"x\"}\n:::\n")
    (only,) = in_text(Path("report/x/08.qmd"), text)
    assert (only.line, only.section) == (3, "Udvikling")
    assert only.describe() == "report/x/08.qmd:3  Udvikling"
    assert pending("midterm") == []
    assert [t.file.name for t in pending("final")][-2:] == ["08-udvikling.qmd", "09-opfoelgning.qmd"]


# --- reading the HTML -------------------------------------------------------------------------------------------
class Reader(HTMLParser):
    """Headings, captions, table rows and visible text of the built-in engine's single HTML file; text is
    attributed to the chapter (level-1 heading) it stands in."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.headings, self.captions, self.rows, self.h1 = [], [], [], []
        self.chapters: dict[str, list[str]] = {"": []}
        self.example_divs: list[str] = []
        self._chapter, self._skip, self._open = "", 0, []   # _open: [tag, buffer] of headings/captions/cells
        self._row, self._div_depth, self._example_depth = None, 0, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style", "title"):
            self._skip += 1
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "caption", "td", "th"):
            self._open.append([tag, []])
        if tag == "tr":
            self._row = []
        if tag == "div":
            self._div_depth += 1
            if "eksempeltekst" in (attrs.get("class") or "").split():
                self._example_depth.append((self._div_depth, []))

    def handle_endtag(self, tag):
        if tag in ("script", "style", "title"):
            self._skip -= 1
        if self._open and self._open[-1][0] == tag:
            _tag, buf = self._open.pop()
            text = " ".join("".join(buf).split())
            if tag.startswith("h"):
                self.headings.append(text)
                if tag == "h1":
                    self.h1.append(text)
                    self._chapter = text
                    self.chapters.setdefault(text, [])
            elif tag in ("figcaption", "caption"):
                self.captions.append(text)
            elif self._row is not None:
                self._row.append(text)
        if tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None
        if tag == "div":
            if self._example_depth and self._example_depth[-1][0] == self._div_depth:
                self.example_divs.append(" ".join("".join(self._example_depth.pop()[1]).split()))
            self._div_depth -= 1

    def handle_data(self, data):
        if self._skip:
            return
        for _tag, buf in self._open:
            buf.append(data)
        for _depth, buf in self._example_depth:
            buf.append(data)
        self.chapters[self._chapter].append(data)

    def text_of(self, predicate) -> str:
        return " ".join("".join(parts) for title, parts in self.chapters.items() if predicate(title))


def _is(title: str, name: str) -> bool:
    return title.endswith(name)


# --- reading the PDF --------------------------------------------------------------------------------------------
def _pdf_text(path, *, layout: bool) -> list[str]:
    args = ["pdftotext", *(["-layout"] if layout else []), str(path), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout.split("\f")


def _pdf_chapters(pages: list[str], titles: list[str]) -> dict[str, str]:
    """Body pages (after the table of contents) grouped by chapter: every chapter starts on a new page with
    its numbered level-1 heading ("9 Opfølgning på anbefalingerne", "Bilag D Kolofon")."""
    out, current = {}, ""
    body = [p for p in pages if "Indholdsfortegnelse" not in p]
    for page in body:
        for line in page.splitlines()[:8]:
            match = re.match(r"^(?:\d+|Bilag [A-Z]:?)\s+(.+?)\s*$", line)
            if match and match.group(1) in titles:
                current = match.group(1)
                break
        out[current] = out.get(current, "") + page + "\n"
    return out


# --- the render -------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def final(rendered_final):
    project = rendered_final   # the session's render, read only
    out = project / "output" / "final"
    reader = Reader()
    reader.feed(without_provenance((out / "vvv-final.html").read_text(encoding="utf-8")))
    titles = [t.split(" ", 2)[-1] if t.startswith("Bilag ") else t.split(" ", 1)[-1] for t in reader.h1]
    return {"html": reader, "pdf": out / "vvv-final.pdf", "project": project, "titles": titles}


def test_no_heading_says_preliminary(final):
    assert len(final["html"].headings) > 40
    assert preliminary_headings(final["html"].headings) == []
    pdf = "\n".join(_pdf_text(final["pdf"], layout=False))
    numbered = re.findall(r"^(?:\d+(?:\.\d+)*|Bilag [A-Z](?:\.\d+)*)\s+\S.*$", pdf, re.M)
    assert any(line.startswith("2 Fund og anbefalinger") for line in numbered)
    assert preliminary_headings(numbered) == []


def test_no_caption_cites_the_memo(final):
    captions = final["html"].captions
    assert len(captions) > 20
    assert memo_captions(captions) == []
    pdf = "\n".join(_pdf_text(final["pdf"], layout=False))
    # a caption is the paragraph that starts "Figur N:" / "Tabel N:" (up to the next empty line)
    pdf_captions = [_norm(c) for c in re.findall(r"^(?:Figur|Tabel) [A-Z0-9]+(?:\.\d+)?:.*(?:\n.+)*", pdf, re.M)]
    assert len(pdf_captions) > 20
    assert memo_captions(pdf_captions) == []
    assert not re.search(r"genskabt ud fra", _norm(pdf), re.I)


def test_no_path_or_file_name_is_visible_anywhere(final):
    """Not even in the colophon: the technical record (files, fingerprints) is the sidecar it links to."""
    reader = final["html"]
    html_text = unescape(reader.text_of(lambda t: True))
    assert "Udvikling siden forrige evaluering" in html_text and "teknisk kolofon" in html_text
    assert visible_paths(html_text) == []
    # the one place a reviewer sees file names: the figures' Kilde lines name their data files, which exist
    page = (final["project"] / "output" / "final" / "vvv-final.html").read_text(encoding="utf-8")
    named = re.findall(r'<span class="kilde-filer">(.*?)</span>', page, flags=re.S)
    files = {f for span in named for f in re.findall(r"<code>([^<]+)</code>", span)}
    # (the development chapter's figures also read the previous round's data, data/midterm/)
    assert named and files and all(f.startswith("data/") and (final["project"] / f).is_file() for f in files)
    assert any(f.startswith("data/final/") for f in files)
    pdf = _pdf_chapters(_pdf_text(final["pdf"], layout=False), final["titles"])
    assert COLOPHON_TITLE in pdf, "the PDF split by chapter titles found no colophon (sanity of the split)"
    everything = _norm(" ".join(pdf.values()))
    assert visible_paths(everything) == [] and not re.search(r"\b[0-9a-f]{16,}\b", everything)
    assert (final["project"] / "output" / "final" / "kolofon.txt").is_file()


def test_midterm_recommendations_only_in_the_follow_up_chapter(final):
    reader = final["html"]
    inside = reader.text_of(lambda t: _is(t, FOLLOWUP_TITLE))
    assert len(midterm_recommendations_in(inside)) >= len(MIDTERM_RECS) - 3   # the table quotes them
    assert midterm_recommendations_in(reader.text_of(lambda t: not _is(t, FOLLOWUP_TITLE))) == []
    pdf = _pdf_chapters(_pdf_text(final["pdf"], layout=False), final["titles"])
    assert midterm_recommendations_in(pdf[FOLLOWUP_TITLE])
    outside = " ".join(text for chapter, text in pdf.items() if chapter != FOLLOWUP_TITLE)
    assert midterm_recommendations_in(outside) == []


def test_every_printed_change_is_after_minus_before(final):
    from vvvanalysis import comparison

    expected = len(comparison.counts("final")) + len(comparison.shares("final"))
    from vvvanalysis.disclosure import SUPPRESSED

    rows = [" ".join(cells) for cells in final["html"].rows]
    # rows whose change is withheld by disclosure control (a small person count) print no change to check
    hidden = sum(1 for cells in final["html"].rows if cells and cells[-2:] == [SUPPRESSED, SUPPRESSED])
    read, bad = inconsistent_changes(rows)
    assert read == expected - hidden   # every other row of both development tables was read
    assert bad == []
    pdf_lines = "\n".join(_pdf_text(final["pdf"], layout=True)).splitlines()
    read, bad = inconsistent_changes(pdf_lines)
    # a row whose label wraps may put its values on two lines in the PDF's text layer; most are on one
    # a row whose label wraps (9 pt tables) puts its values on two lines of the PDF's text layer: at least half
    # of the rows must be read there, and every row read must add up
    assert read >= (expected - hidden) // 2, (read, expected, hidden)
    assert bad == []


def test_cover_says_slutevaluering_once_and_example_prose_is_marked(final):
    first_page = _pdf_text(final["pdf"], layout=False)[0]
    assert first_page.count("Slutevaluering") == 1, first_page
    examples = final["html"].example_divs
    assert len(examples) >= 3
    assert all(text.startswith("Eksempeltekst") for text in examples), examples


def test_validate_lists_the_example_texts_still_to_write(final, tmp_path):
    from conftest import copy_rendered

    project = copy_rendered(final["project"], tmp_path / "p")   # validate writes its stamps: not into the shared render
    proc = vvv(project, "validate", "--round", "final")
    assert proc.returncode == 0
    assert re.search(r"final: \d+ example texts still to replace", proc.stdout)
    assert "report/final/08-udvikling.qmd:3  Udvikling siden forrige evaluering" in proc.stdout
    assert "report/final/09-opfoelgning.qmd" in proc.stdout
    midterm = vvv(project, "validate", "--round", "midterm")
    assert "example texts" not in midterm.stdout


if __name__ == "__main__":   # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))
