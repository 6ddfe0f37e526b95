"""A notebook's cache key covers exactly the package modules it imports (transitively), so a code edit
re-runs the notebooks that use the code and no others."""

from __future__ import annotations

from pathlib import Path

from vvvanalysis.pipeline.imports import PACKAGE_DIR, notebook_modules

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def _rel(paths) -> set[str]:
    return {p.relative_to(PACKAGE_DIR).as_posix() for p in paths}


def test_a_chapter_module_belongs_only_to_the_notebooks_that_import_it():
    kurser = _rel(notebook_modules(NOTEBOOKS / "06-4-5-kurser-og-boligomraader.ipynb"))
    kommuner = _rel(notebook_modules(NOTEBOOKS / "06-1-kommuner.ipynb"))
    assert "outputs/kurser.py" in kurser and "outputs/boligomraader.py" in kurser
    assert "outputs/kurser.py" not in kommuner and "outputs/kommuner.py" in kommuner
    # what every notebook uses: its set-up, the house style, and what those import in turn
    for used in (kurser, kommuner):
        assert {"__init__.py", "notebook.py", "style.py", "danish.py", "config.py"} <= used
    # code no notebook runs is never part of a notebook's key
    assert not any(p.startswith(("render/", "preview/", "pipeline/")) for p in kurser | kommuner)


def test_every_notebook_has_its_dependencies_and_they_are_real_files():
    for nb in sorted(NOTEBOOKS.glob("*.ipynb")):
        files = notebook_modules(nb)
        assert files and all(f.is_file() and f.suffix == ".py" for f in files), nb.name


def test_a_second_kernel_starts_only_for_enough_notebooks(monkeypatch):
    """A kernel's start and imports cost about three notebooks' work: re-running one or two notebooks (a data
    edit) uses one kernel; a whole round uses one per core; --jobs N is taken as asked."""
    import pytest

    from vvvanalysis.errors import RenderError
    from vvvanalysis.pipeline.execute import _kernels

    monkeypatch.setattr("os.cpu_count", lambda: 2)
    assert [_kernels(0, n) for n in (1, 2, 5, 6, 9)] == [1, 1, 1, 2, 2]
    assert _kernels(2, 2) == 2 and _kernels(1, 9) == 1 and _kernels(4, 3) == 3
    with pytest.raises(RenderError):
        _kernels(-1, 9)
