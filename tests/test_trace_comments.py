"""`vvv comments`: comments and a tracked insertion added to the rendered DOCX (python-docx, as a reviewer's Word
would) come back naming the chapter line or the data row, also after a LibreOffice save; bad input is one line.
The same for the DOCX of both engines: the built-in engine's and Quarto's (whose paragraph anchors kilde.lua
writes from the staged afsnit.json), which must carry the same anchors on the same paragraphs."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from vvvanalysis.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def _paragraph(document, needle: str):
    """The first body paragraph holding the text, else the first anywhere: also in a table nested in another
    (Quarto's DOCX sets a float's table inside a layout table, which python-docx's document.tables leaves out)."""
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    for p in document.paragraphs:
        if needle in p.text:
            return p
    for element in document.element.body.iter(qn("w:p")):
        p = Paragraph(element, document)
        if needle in p.text:
            return p
    raise AssertionError(f"no paragraph holds {needle!r}")


def _run_with(paragraph, needle: str):
    return next(r for r in paragraph.runs if needle in r.text)


def _words_run(paragraph, needle: str):
    """A run of exactly `needle`, split out of the run that holds it (a reviewer selects words, not runs)."""
    import copy

    run = _run_with(paragraph, needle)
    before, after = run.text.split(needle, 1)
    element = run._r
    for text in (after, needle):   # inserted after the run, in reverse order
        twin = copy.deepcopy(element)
        element.addnext(twin)
        for t in twin.findall(".//{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t")[1:]:
            t.getparent().remove(t)
        twin.findall(".//{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t")[0].text = text
    run.text = before
    return next(r for r in paragraph.runs if r.text == needle)


@pytest.fixture(scope="module", params=["builtin", "quarto"])
def engine_project(request):
    """The project the midterm was rendered in, by the built-in engine or by Quarto."""
    if request.param == "quarto":
        if shutil.which("quarto") is None:
            pytest.skip("Quarto is not on PATH (README, 'Quarto')")
        return request.getfixturevalue("quarto_midterm")
    return request.getfixturevalue("rendered_midterm")


@pytest.fixture(scope="module")
def reviewed(engine_project, tmp_path_factory):
    """The rendered DOCX with five comments and one tracked insertion, and what each must trace to."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.oxml import OxmlElement

    out = tmp_path_factory.mktemp("review") / "kommenteret.docx"
    doc = Document(str(engine_project / "output" / "midterm" / "vvv-midterm.docx"))
    chapter2 = engine_project / "report" / "midterm" / "02-fund-og-anbefalinger.qmd"
    data = engine_project / "data" / "midterm"
    expected = {}

    prose = _paragraph(doc, "Succeskriteriet er mindst")
    doc.add_comment(prose.runs, "Er det aktive eller registrerede deltagere?", author="Røde Kors")
    expected["Er det aktive"] = f"report/midterm/02-fund-og-anbefalinger.qmd:{_line_of(chapter2, 'Succeskriteriet er mindst')}"

    from_data = [  # (text in the DOCX, data file, the comment): a recommendation, a quote, a table cell
        ("anskues som et pejlemærke, og at behov snarere end succeskriteriet", "anbefalinger.yaml",
         "Enig i anbefalingen."),
        ("bliver nødt til at sidde sammen for at forstå hinanden", "citater.yaml", "Citatet er langt."),
        ("Integrationsenheden / integrationsteamet er udvidet til at arbejde med borgere under LAB-loven",
         "tabel6_reorganisering.csv", "Kan teksten forkortes?"),
    ]
    for needle, file, comment in from_data:
        doc.add_comment(_paragraph(doc, needle).runs, comment, author="DRC")
        expected[comment[:8]] = f"data/midterm/{file}:{_line_of(data / file, needle)}"

    # Words chapter 2's wording of a recommendation shares with the box's own wording (anbefalinger.yaml: the
    # fields chapter2_text and text): the DOCX's bookmark names the line it was printed from, where a search
    # for the words would find the first of the two.
    chapter2_words = "succeskriterium om tilstedeværelse i 90 kommuner anskues som et pejlemærke"
    shared = _words_run(_paragraph(doc, "aktuelt behov snarere end succeskriteriet i sig selv"), chapter2_words)
    doc.add_comment(shared, "Hvorfor to formuleringer?", author="DRC")
    lines = (data / "anbefalinger.yaml").read_text(encoding="utf-8").splitlines()
    assert sum(chapter2_words in line for line in lines) >= 2   # the words are on two lines of the file
    expected["Hvorfor to"] = f"data/midterm/anbefalinger.yaml:{_line_of(data / 'anbefalinger.yaml', 'aktuelt behov snarere end succeskriteriet i sig selv')}"

    number = _paragraph(doc, "6.063")
    doc.add_comment(_run_with(number, "6.063"), "Hvor er tallet fra?", author="Røde Kors")
    expected["Hvor er tallet"] = "data/midterm/deltagere_og_matches.csv:5"   # 6.063 deltagere

    # A tracked insertion in the prose paragraph (as Word writes it: <w:ins> around a run).
    ins = OxmlElement("w:ins")
    for name, value in (("w:id", "9001"), ("w:author", "DRC"), ("w:date", "2026-12-01T10:00:00Z")):
        ins.set(qn(name), value)
    run, text = OxmlElement("w:r"), OxmlElement("w:t")
    text.text = " (hvordan tælles en aktiv deltager her?)"
    text.set(qn("xml:space"), "preserve")
    run.append(text)
    ins.append(run)
    prose._p.append(ins)
    expected["(hvordan tælles en aktiv deltager her?)"] = expected["Er det aktive"]
    doc.save(str(out))
    return out, expected


def _check(docx: Path, expected: dict[str, str], root: Path):
    from vvvanalysis.trace.comments import read

    remarks = read(docx, "midterm", root)
    for start, source in expected.items():
        remark = next((r for r in remarks if r.text.strip().startswith(start)), None)
        assert remark is not None, f"no comment or change starting {start!r}: {[r.text for r in remarks]}"
        # a number names every row its key reads (here also the criterion's row): the expected one among them
        assert source in remark.source.split("; "), (start, remark)
    return remarks


def test_comments_name_the_line_or_row(reviewed, engine_project, monkeypatch):
    monkeypatch.setenv("VVV_ROOT", str(engine_project))
    docx, expected = reviewed
    remarks = _check(docx, expected, engine_project)
    inserted = next(r for r in remarks if r.kind == "indsat")
    assert inserted.author == "DRC"


def test_comments_survive_a_libreoffice_save(reviewed, engine_project, monkeypatch, tmp_path):
    if not shutil.which("soffice"):
        pytest.skip("LibreOffice (soffice) is not installed")
    monkeypatch.setenv("VVV_ROOT", str(engine_project))
    docx, expected = reviewed
    source = tmp_path / "in" / "gemt.docx"
    source.parent.mkdir()
    shutil.copy(docx, source)
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "docx",
                    "--outdir", str(tmp_path / "out"), str(source)], check=True, capture_output=True, timeout=300)
    _check(tmp_path / "out" / "gemt.docx", expected, engine_project)


def test_the_command_writes_kommentarer_md(reviewed, engine_project, tmp_path):
    from conftest import copy_rendered, vvv

    docx, _ = reviewed
    project = copy_rendered(engine_project, tmp_path / "p")   # it writes into output/: never the session's render
    proc = vvv(project, "comments", "--round", "midterm", str(docx))
    assert "6 kommentarer og 1 ændringer, 7 placeret" in proc.stdout
    text = (project / "output" / "midterm" / "kommentarer.md").read_text(encoding="utf-8")
    assert "## report/midterm/02-fund-og-anbefalinger.qmd" in text and "Hvor er tallet fra?" in text
    assert text.index("## report/") < text.index("## data/")


def test_bad_input_is_one_clear_error(tmp_path, rendered_midterm, monkeypatch):
    from vvvanalysis.trace.comments import read

    monkeypatch.setenv("VVV_ROOT", str(rendered_midterm))
    text = tmp_path / "noter.docx"
    text.write_text("ikke et Word-dokument", encoding="utf-8")
    with pytest.raises(ConfigError, match="not a DOCX"):
        read(text, "midterm", rendered_midterm)
    locked = tmp_path / "laast.docx"
    locked.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    with pytest.raises(ConfigError, match="password-protected"):
        read(locked, "midterm", rendered_midterm)
    other = tmp_path / "anden.docx"
    with zipfile.ZipFile(rendered_midterm / "output" / "midterm" / "vvv-midterm.docx") as src, \
            zipfile.ZipFile(other, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "docProps/custom.xml":
                data = data.replace(b">midterm/", b">final/")
            dst.writestr(item, data)
    with pytest.raises(ConfigError, match="not 'midterm/"):
        read(other, "midterm", rendered_midterm)


# --- the paragraph anchors of both engines ------------------------------------------------------------------
def _anchored_paragraphs(docx: Path) -> dict[str, str]:
    """p_<chapter>_<line> bookmark -> the text of the paragraph that holds it."""
    from lxml import etree

    body = etree.fromstring(zipfile.ZipFile(docx).read("word/document.xml"))
    out = {}
    for paragraph in body.iter(f"{W}p"):
        for mark in paragraph.iter(f"{W}bookmarkStart"):
            if mark.get(f"{W}name", "").startswith("p_"):
                out[mark.get(f"{W}name")] = " ".join("".join(t.text or "" for t in paragraph.iter(f"{W}t")).split())
    return out


def _anchor_differences(builtin: Path, quarto: Path) -> list[str]:
    ours, theirs = _anchored_paragraphs(builtin), _anchored_paragraphs(quarto)
    out = [f"{name}: not in Quarto's DOCX" for name in sorted(set(ours) - set(theirs))]
    out += [f"{name}: only in Quarto's DOCX" for name in sorted(set(theirs) - set(ours))]
    # the opening words: the numbers further on may be written differently by the engines' number formats
    out += [f"{name}: «{ours[name][:50]}» vs «{theirs[name][:50]}»" for name in sorted(set(ours) & set(theirs))
            if ours[name][:50] != theirs[name][:50]]
    return out


@pytest.mark.parametrize("round_name", ["midterm", "final"])
def test_quarto_docx_carries_the_same_paragraph_anchors(round_name, request, tmp_path):
    if shutil.which("quarto") is None:
        pytest.skip("Quarto is not on PATH (README, 'Quarto')")
    builtin = request.getfixturevalue(f"rendered_{round_name}") / "output" / round_name / f"vvv-{round_name}.docx"
    quarto = request.getfixturevalue(f"quarto_{round_name}") / "output" / round_name / f"vvv-{round_name}.docx"
    assert len(_anchored_paragraphs(builtin)) > 150
    assert _anchor_differences(builtin, quarto) == []
    # planted: one anchor dropped from Quarto's DOCX and one moved to the next paragraph are both found
    planted = tmp_path / "planted.docx"
    with zipfile.ZipFile(quarto) as src, zipfile.ZipFile(planted, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                first, second = sorted(_anchored_paragraphs(quarto))[:2]
                data = data.replace(f'w:name="{first}"'.encode(), b'w:name="x_dropped"')
                data = data.replace(f'w:name="{second}"'.encode(), f'w:name="{first}"'.encode())
            dst.writestr(item, data)
    found = _anchor_differences(builtin, planted)
    assert any(f.startswith(f"{second}: not in") for f in found) and any(f.startswith(f"{first}: «") for f in found)


def test_a_chapter_edited_after_staging_gets_no_anchors_rather_than_wrong_ones(quarto_midterm, tmp_path):  # noqa: F811
    """A plain `quarto render` after a chapter edit, without `vvv execute` staging afsnit.json again: the edited
    chapter's lines moved, so its paragraphs get no anchor (its sha1 differs); the other chapters keep theirs."""
    import os

    if shutil.which("quarto") is None:
        pytest.skip("Quarto is not on PATH (README, 'Quarto')")
    project = tmp_path / "p"
    shutil.copytree(quarto_midterm, project, symlinks=True)
    chapter = project / "report" / "midterm" / "03-baggrund-og-formaal.qmd"
    lines = chapter.read_text(encoding="utf-8").splitlines(keepends=True)
    first = next(i for i, line in enumerate(lines) if line.strip() and not line.startswith(("---", "#", "title")) and i > 3)
    lines.insert(first, "En ny indledende sætning.\n\n")   # every later paragraph moves two lines down
    chapter.write_text("".join(lines), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    subprocess.run(["quarto", "render", "--profile", "midterm", "--to", "docx"], cwd=project, env=env, check=True,
                   capture_output=True, timeout=900)
    docx = next((project / "_build" / "midterm" / "quarto").glob("*.docx"))
    numbers = {name.split("_")[1] for name in _anchored_paragraphs(docx)}
    before = {name.split("_")[1] for name in
              _anchored_paragraphs(quarto_midterm / "output" / "midterm" / "vvv-midterm.docx")}
    from vvvanalysis.render.project import load_project
    from vvvanalysis.trace.anchors import chapter_numbers

    edited = str(chapter_numbers(load_project(project, "midterm"))[chapter])
    assert edited in before and edited not in numbers
    assert numbers == before - {edited}
