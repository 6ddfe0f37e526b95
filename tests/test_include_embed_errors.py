"""An include or embed fault names the file the user must fix: the chapter (or included file) and the line
that hold the shortcode. A missing embedded notebook is a wrong path: the fix says so (a run cannot help)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ROOT
from vvvanalysis.errors import ConfigError

CH06 = Path("report") / "midterm" / "06-status-programniveau.qmd"
HEADING = "## Venner Viser Vejs tilstedeværelse i landets kommuner {#sec-tilstedevaerelse}"


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """The report sources, notebooks and book files of the project (no data needed: the prose check only)."""
    for name in ("report", "notebooks"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("_executed", "_generated"))
    for path in ROOT.glob("_quarto*.yml"):
        shutil.copy(path, tmp_path)
    shutil.copy(ROOT / "index.qmd", tmp_path)
    monkeypatch.setenv("VVV_ROOT", str(tmp_path))
    return tmp_path


def _add(project: Path, text: str) -> int:
    """Put `text` after the heading of chapter 6; returns the line it is on."""
    path = project / CH06
    lines = path.read_text(encoding="utf-8").splitlines()
    at = lines.index(HEADING) + 2
    lines[at:at] = [text, ""]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return at + 1


def _error(round_name="midterm") -> str:
    from vvvanalysis.prose import check

    with pytest.raises(ConfigError) as info:
        check(round_name)
    return info.value.render()


@pytest.mark.parametrize("target, says", [
    ("/etc/hostname", "leads outside the project"),
    ("../../../outside.md", "outside the project"),
    ("../_shared/findes-ikke.qmd", "does not exist"),
])
def test_an_include_fault_names_the_chapter_and_line(project, target, says):
    (project.parent / "outside.md").write_text("Uden for projektet.\n", encoding="utf-8")
    line = _add(project, f"{{{{< include {target} >}}}}")
    message = _error()
    assert message.startswith(f"file {project / CH06}, row {line}:"), message
    assert f"the include of '{target}'" in message and says in message and "Fix: correct the path" in message


def test_a_fault_inside_an_included_file_names_that_file_and_its_line(project):
    shared = project / "report" / "_shared"
    shared.mkdir(exist_ok=True)
    (shared / "enhed.qmd").write_text("Første linje.\n\n{{< include /etc/hostname >}}\n", encoding="utf-8")
    _add(project, "{{< include ../_shared/enhed.qmd >}}")
    message = _error()
    assert message.startswith(f"file {shared / 'enhed.qmd'}, row 3:"), message


def test_an_embed_of_a_missing_notebook_suggests_the_path_not_a_run(project):
    line = _add(project, "{{< embed _executed/06-1-komuner.ipynb#fig-x >}}")
    message = _error()
    assert message.startswith(f"file {project / CH06}, row {line}:"), message
    assert "06-1-komuner.ipynb" in message and "not in notebooks/" in message
    assert "Fix: correct the path to _executed/06-1-kommuner.ipynb#fig-x" in message and "vvv execute" not in message


def test_an_embed_outside_executed_names_the_line(project):
    line = _add(project, "{{< embed ../../notebooks/06-1-kommuner.ipynb#fig-x >}}")
    message = _error()
    assert f"row {line}" in message and "does not point into _executed/" in message, message


def test_the_book_as_it_is_passes(project):
    from vvvanalysis.prose import check

    assert check("midterm") and check("final")
