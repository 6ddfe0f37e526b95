"""The final round's chapters 6-7 (example data): qualitative prose a reader could take for findings is example
text, marked as such (::: {.eksempeltekst}), so `vvv validate` lists it for the evaluator to replace; what is
left unmarked is either carried by the round's numbers or introduces a quote, list, figure or table. The rendered
final report follows the house style the midterm is held to (small counts in words, no 'pct..')."""

from __future__ import annotations

import html
import re

import pytest
from conftest import ROOT

CHAPTERS = [ROOT / "report" / "final" / "06-status-programniveau.qmd",
            ROOT / "report" / "final" / "07-status-maalgruppeniveau.qmd"]
# Unmarked sentences that are method statements, true of any round whatever its findings.
METHOD = ("Der registreres ikke", "Interviewene kan ikke", "Opgørelsen tæller", "Kapitlet ", "Afsnittet viser",
          "Matchningen af deltagere", "Deltagernes udbytte varierer", "gennemgår udbyttet", "Ifølge projektets")


def paragraphs(text: str):
    """(inside an example div, paragraph text) for the prose paragraphs of a chapter (no headings, fences,
    embeds, list items, callouts or figure/table divs)."""
    depth_kinds, para, out = [], [], []

    def flush():
        if para:
            out.append((any(k == "eks" for k in depth_kinds), " ".join(para)))
            para.clear()

    for line in text.splitlines():
        fence = re.match(r"^:::+\s*(\{[^}]*\})?\s*$", line)
        if fence:
            flush()
            if fence.group(1):
                depth_kinds.append("eks" if "eksempeltekst" in fence.group(1) else "other")
            elif depth_kinds:
                depth_kinds.pop()
            continue
        if not line.strip() or line.startswith(("#", "{{< embed", "- ")) or "other" in depth_kinds:
            flush()
            continue
        para.append(line.strip())
    flush()
    return out


def unmarked_qualitative(text: str) -> list[str]:
    found = []
    for marked, para in paragraphs(text):
        if marked or "{{< meta" in para or re.search(r"@(fig|tbl)-", para) or para.rstrip().endswith(":"):
            continue
        sentences = re.split(r"(?<=[.!?])\s+", para)
        if not all(s.startswith(METHOD) or any(m in s for m in METHOD) for s in sentences):
            found.append(para)
    return found


def test_the_check_can_fail():
    sample = ("## A\n\nInterviewene viser, at relationerne fungerer godt.\n\n"
              "::: {.eksempeltekst}\n*Eksempeltekst.* Interviewene viser noget.\n:::\n\n"
              "Der var {{< meta v.x >}} deltagere.\n\nEn deltager fortæller:\n")
    assert unmarked_qualitative(sample) == ["Interviewene viser, at relationerne fungerer godt."]


def example_data(round_name: str = "final") -> bool:
    """True while the round holds invented example data (round.yml: example_data): only then must its qualitative
    prose be marked. With real data the evaluators delete the marks as they write (docs/authoring.md)."""
    import yaml

    return bool(yaml.safe_load((ROOT / "data" / round_name / "round.yml").read_text(encoding="utf-8"))
                .get("example_data"))


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_final_qualitative_prose_is_marked_example_text(path):
    if not example_data():
        pytest.skip("the final round holds real data (example_data: false): its prose is the evaluators' own")
    assert unmarked_qualitative(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_every_example_passage_starts_with_its_visible_mark(path):
    text = path.read_text(encoding="utf-8")
    for body in re.findall(r"::: \{\.eksempeltekst\}\n(.*?)\n:::", text, re.S):
        assert body.startswith("*Eksempeltekst.* "), body[:60]


def test_final_report_follows_the_house_style(rendered_final):
    import sys

    sys.path.insert(0, str(ROOT / "tests"))
    from test_house_style import lone_small_counts, running_text

    page = (rendered_final / "output" / "final" / "vvv-final.html").read_text(encoding="utf-8")
    assert lone_small_counts(running_text(page)) == []
    assert "pct.." not in html.unescape(re.sub(r"<[^>]+>", "", page))


def test_report_checks_catch_planted_faults(tmp_path):
    from report_checks import report_problems

    page = tmp_path / "x.html"
    page.write_text("<html><body><p>Der var 4 kommuner i rundens data, jf. historik_fra_midtvejsrunden.</p>"
                    "<table><thead><tr><th>Vurdering</th><th>RK</th></tr></thead><tbody>"
                    "<tr><td>Alle vurderinger</td><td>ikke oplyst</td></tr>"
                    "<tr><td>Antal besvarelser (n)</td><td>ikke oplyst</td></tr></tbody></table>"
                    "<p>Det er 29 pct.. af alle.</p></body></html>", encoding="utf-8")
    problems = report_problems(page)
    assert problems["small counts as digits"] and problems["doubled pct."]
    assert problems["developer words"] == ["historik_fra_midtvejsrunden", "rundens"]
    assert len(problems["exhibits of »ikke oplyst«"]) == 1 and problems["example mark missing"]
    good = tmp_path / "y.html"
    good.write_text("<p>Eksempeldata – ikke reelle tal. Der var fire kommuner og lokale nøglepersoner.</p>"
                    "<table><tbody><tr><td>Ja</td><td>12</td></tr><tr><td>Nej</td><td>ikke oplyst</td></tr>"
                    "<tr><td>I alt</td><td>30</td></tr></tbody></table>", encoding="utf-8")
    assert not any(report_problems(good).values())
    from report_checks import not_given_cells

    assert not_given_cells(good.read_text(encoding="utf-8")) == 1


def test_final_report_reads_as_a_report(rendered_final):
    from report_checks import assert_reads_as_a_report

    from report_checks import not_given_cells

    page = rendered_final / "output" / "final" / "vvv-final.html"
    assert_reads_as_a_report(page)
    assert not_given_cells(page.read_text(encoding="utf-8")) == 0   # the example data are complete


def test_footnotes_and_litteratur_in_all_three_formats(rendered_final):
    """The final cites its sources as the midterm does: footnotes and a Litteratur list from referencer.bib,
    with the assumed example sources marked as such, in the HTML, the PDF and the DOCX."""
    import subprocess
    import zipfile

    out = rendered_final / "output" / "final"
    page = html.unescape(re.sub(r"<[^>]+>", " ", (out / "vvv-final.html").read_text(encoding="utf-8")))
    pdf = subprocess.run(["pdftotext", str(out / "vvv-final.pdf"), "-"], capture_output=True, text=True,
                         check=True).stdout
    with zipfile.ZipFile(out / "vvv-final.docx") as docx:
        body = docx.read("word/document.xml").decode("utf-8")
        notes = docx.read("word/footnotes.xml").decode("utf-8")
    for text in (" ".join(t.split()) for t in (page, pdf, re.sub(r"<[^>]+>", "", body))):
        assert "Litteratur" in text and "Evalueringsnotat – foreløbige fund og anbefalinger" in text
        assert "Eksempelkilde" in text and "Pressemeddelelse om Venner Viser Vej" in text
    assert 'class="footnotes' in (out / "vvv-final.html").read_text(encoding="utf-8")
    assert body.count("w:footnoteReference") >= 2 and "pressemeddelelse" in notes
