"""`vvv changes --since REV`: a chapter sentence edited and a data value changed since the last commit come back as
a redline (<ins>/<del>, and Word's w:ins/w:del), with the number data changed listed apart from the text edit."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

from conftest import copy_project


def _git(project: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=project, check=True, capture_output=True)


def test_changes_since_head_separates_text_and_data(tmp_path, monkeypatch):
    from vvvanalysis.trace.changes import run

    project = copy_project(tmp_path / "project")
    monkeypatch.setenv("VVV_ROOT", str(project))
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "first edition")
    chapter = project / "report" / "midterm" / "02-fund-og-anbefalinger.qmd"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace(
        "Succeskriteriet er mindst", "Målet er mindst", 1), encoding="utf-8")
    data = project / "data" / "midterm" / "deltagere_og_matches.csv"
    lines = data.read_text(encoding="utf-8").splitlines(keepends=True)
    assert ",6063," in lines[4]
    lines[4] = lines[4].replace(",6063,", ",6163,")
    data.write_text("".join(lines), encoding="utf-8")

    path, summary = run("midterm", "HEAD", project, project / "output" / "midterm")
    page = path.read_text(encoding="utf-8")
    assert "<del>Succeskriteriet </del>" in page and "<ins>Målet </ins>" in page
    data_part = page[page.index("Tal ændret af data"):page.index("<h2>Tekst</h2>")]
    assert "<td>6.063</td><td>6.163</td>" in data_part
    assert "Målet" not in data_part
    assert "tal ændret af data" in summary

    docx, _ = run("midterm", "HEAD", project, project / "output" / "midterm", to="docx")
    with zipfile.ZipFile(docx) as z:
        body = z.read("word/document.xml").decode("utf-8")
    assert "<w:ins " in body and "<w:del " in body and "Målet" in body
