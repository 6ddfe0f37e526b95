"""One DOCX reference document per round (_build/<round>/reference.docx, where the Quarto profile names it): the
staging step writes it when what it shows changed, Quarto and the built-in engine only read it, and its bytes
are part of the built-in engine's cache key (a changed reference re-renders the DOCX)."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest

from vvvanalysis.render import docx_reference, quarto
from vvvanalysis.render.builtin import pandoc_path


class FakeProject:
    def __init__(self, root: Path, meta: dict):
        self.root, self.profile, self.meta = root, "r", meta
        self.config = {"format": {"docx": {"reference-doc": "_build/r/reference.docx"}}}

    def metadata(self) -> dict:
        return dict(self.meta)


def header(path: Path) -> str:
    with zipfile.ZipFile(path) as docx:
        xml = "".join(docx.read(n).decode("utf-8") for n in docx.namelist() if n.startswith("word/header"))
    return "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml))


@pytest.fixture
def counted(monkeypatch):
    calls = []
    real = docx_reference.write_reference

    def spy(path, *args, **kwargs):
        calls.append(Path(path).name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(docx_reference, "write_reference", spy)
    return calls


def test_written_once_then_only_read_and_rewritten_when_what_it_shows_changes(tmp_path, counted):
    project = FakeProject(tmp_path, {"title": "Venner Viser Vej II", "round-label": "Ekstern evaluering"})
    path, wrote = docx_reference.ensure_reference(project, pandoc_path())
    assert wrote and path == tmp_path / "_build" / "r" / "reference.docx"
    assert header(path) == "Venner Viser Vej II · Ekstern evaluering"
    first = path.read_bytes()
    assert docx_reference.ensure_reference(project, pandoc_path()) == (path, False)
    assert path.read_bytes() == first and len(counted) == 1
    project.meta["round-label"] = "Slutevaluering"
    assert docx_reference.ensure_reference(project, pandoc_path())[1]
    assert "Slutevaluering" in header(path) and len(counted) == 2
    project.meta["example-data"] = True
    docx_reference.ensure_reference(project, pandoc_path())
    assert "Eksempeldata" in header(path)
    # one document and its key: no marker files beside it (the key holds what the document shows)
    assert sorted(p.name for p in path.parent.iterdir()) == ["reference.docx", "reference.docx.key"]


def test_the_staging_step_writes_no_second_copy(tmp_path, counted, monkeypatch):
    project = FakeProject(tmp_path, {"title": "T", "round-label": "L"})
    path, _ = docx_reference.ensure_reference(project, pandoc_path())
    monkeypatch.setattr(docx_reference, "write_reference",
                        lambda *a, **k: pytest.fail("the staging step wrote the reference document again"))
    build, chapters = path.parent, tmp_path / "report" / "r"
    chapters.mkdir(parents=True)
    (build / "notebooks").mkdir()
    assert quarto.stage(chapters, build) == 0
    assert path.read_bytes() and len(counted) == 1


def test_rendered_docx_header_is_the_cover_label_and_no_second_reference_exists(rendered_midterm):
    build = rendered_midterm / "_build" / "midterm"
    docx = rendered_midterm / "output" / "midterm" / "vvv-midterm.docx"
    assert header(docx) == header(build / "reference.docx") == "Venner Viser Vej II · Ekstern evaluering"
    assert sorted(p.relative_to(build).as_posix() for p in build.rglob("reference*.docx")) == ["reference.docx"]


def test_a_changed_reference_document_re_renders_the_docx(rendered_midterm, tmp_path, monkeypatch):
    """The built-in engine's no-op check includes the reference document's bytes."""
    from vvvanalysis.render import builtin
    from vvvanalysis.render.project import load_project

    project_dir = tmp_path / "p"
    shutil.copytree(rendered_midterm, project_dir, symlinks=True)
    monkeypatch.setenv("VVV_ROOT", str(project_dir))   # the render reads only files inside its project
    project = load_project(project_dir, "midterm")
    build = project_dir / "_build" / "midterm"
    args = (project, build / "notebooks", build / "render", ["docx"], "vvv-midterm", 1638230400)
    out = builtin.render(*args)[0]["docx"]
    before = out.read_bytes()
    assert builtin.render(*args)[0]["docx"].read_bytes() == before          # unchanged: reused
    # Same inputs key, other bytes (as if its writer's styles changed): the DOCX must follow.
    docx_reference.write_reference(build / "reference.docx", pandoc_path(), title="Anden titel",
                                   round_label="Ekstern evaluering", example_data=False)
    assert header(builtin.render(*args)[0]["docx"]) == "Anden titel · Ekstern evaluering"
