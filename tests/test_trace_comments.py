"""`vvv comments`: comments and a tracked insertion added to the rendered DOCX (python-docx, as a reviewer's Word
would) come back naming the chapter line or the data row, also after a LibreOffice save; bad input is one line."""

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
    for p in document.paragraphs:
        if needle in p.text:
            return p
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                for p in cell.paragraphs:
                    if needle in p.text:
                        return p
    raise AssertionError(f"no paragraph holds {needle!r}")


def _run_with(paragraph, needle: str):
    return next(r for r in paragraph.runs if needle in r.text)


@pytest.fixture(scope="module")
def reviewed(rendered_midterm, tmp_path_factory):
    """The rendered DOCX with five comments and one tracked insertion, and what each must trace to."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.oxml import OxmlElement

    out = tmp_path_factory.mktemp("review") / "kommenteret.docx"
    doc = Document(str(rendered_midterm / "output" / "midterm" / "vvv-midterm.docx"))
    chapter2 = rendered_midterm / "report" / "midterm" / "02-fund-og-anbefalinger.qmd"
    data = rendered_midterm / "data" / "midterm"
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


def test_comments_name_the_line_or_row(reviewed, rendered_midterm, monkeypatch):
    monkeypatch.setenv("VVV_ROOT", str(rendered_midterm))
    docx, expected = reviewed
    remarks = _check(docx, expected, rendered_midterm)
    inserted = next(r for r in remarks if r.kind == "indsat")
    assert inserted.author == "DRC"


def test_comments_survive_a_libreoffice_save(reviewed, rendered_midterm, monkeypatch, tmp_path):
    if not shutil.which("soffice"):
        pytest.skip("LibreOffice (soffice) is not installed")
    monkeypatch.setenv("VVV_ROOT", str(rendered_midterm))
    docx, expected = reviewed
    source = tmp_path / "in" / "gemt.docx"
    source.parent.mkdir()
    shutil.copy(docx, source)
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "docx",
                    "--outdir", str(tmp_path / "out"), str(source)], check=True, capture_output=True, timeout=300)
    _check(tmp_path / "out" / "gemt.docx", expected, rendered_midterm)


def test_the_command_writes_kommentarer_md(reviewed, rendered_midterm, tmp_path):
    from conftest import copy_rendered, vvv

    docx, _ = reviewed
    project = copy_rendered(rendered_midterm, tmp_path / "p")   # it writes into output/: never the session's render
    proc = vvv(project, "comments", "--round", "midterm", str(docx))
    assert "5 kommentarer og 1 ændringer, 6 placeret" in proc.stdout
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
