"""Shared fixtures: throw-away copies of the project or of a round, so tests never touch the working tree."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# The memo the midterm re-creates (ground truth for the verbatim tests): the project's own copy, on every machine.
MEMO = ROOT / "data" / "midterm" / "kilde" / "evalueringsnotat-2021.txt"
def copy_project(dest: Path) -> Path:
    from vvvanalysis.paths import copy_sources

    return copy_sources(dest, ROOT)


def vvv(project: Path, *args: str, check: bool = True, env: dict | None = None) -> subprocess.CompletedProcess:
    environ = dict(os.environ, VVV_ROOT=str(project), SOURCE_DATE_EPOCH="1638230400")
    environ.update(env or {})   # a test may override SOURCE_DATE_EPOCH too
    proc = subprocess.run([sys.executable, "-m", "vvvanalysis", *args], cwd=project, env=environ,
                          capture_output=True, text=True, timeout=600)
    if check and proc.returncode != 0:
        raise AssertionError(f"vvv {' '.join(args)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc


@pytest.fixture(scope="session")
def rendered_midterm(tmp_path_factory) -> Path:
    """The midterm round rendered once (all formats, built-in engine) in a copy of the project."""
    project = copy_project(tmp_path_factory.mktemp("project"))
    first = vvv(project, "render", "--round", "midterm", "--engine", "builtin")
    second = vvv(project, "render", "--round", "midterm", "--engine", "builtin")
    project.joinpath("first-run.log").write_text(first.stdout)
    project.joinpath("second-run.log").write_text(second.stdout)
    return project


@pytest.fixture(scope="session")
def rendered_final(tmp_path_factory) -> Path:
    """The final round (example data) rendered once (all formats, built-in engine) in a copy of the project."""
    project = copy_project(tmp_path_factory.mktemp("project-final"))
    vvv(project, "render", "--round", "final", "--engine", "builtin")
    return project


# --- Quarto renders (test_quarto_engine, and the HTML layout tests for both engines) -----------------------
NO_QUARTO = ("Quarto is not on PATH: install it with 'bash ../shared/tools/quarto/build-quarto.sh' and put "
             "/opt/quarto/bin on PATH (README, 'Quarto'); .ci/run does this in CI")


def _need_quarto() -> None:
    if shutil.which("quarto") is None:
        pytest.skip(NO_QUARTO)


def _quarto_render(project: Path, round_name: str) -> Path:
    """vvv render --engine quarto, with a stale figure in output/<round>/figurer/ left by an 'earlier render'."""
    figures = project / "output" / round_name / "figurer"
    figures.mkdir(parents=True, exist_ok=True)
    (figures / "figur-fra-en-tidligere-gengivelse.png").write_bytes(b"stale")
    proc = vvv(project, "render", "--round", round_name, "--engine", "quarto")
    (project / "quarto-run.log").write_text(proc.stdout, encoding="utf-8")
    return project


def _executed(project: Path, rendered: Path, round_name: str) -> Path:
    """The session's built-in render already executed the round's notebooks (the cache does not depend on the
    engine): Quarto renders from them instead of running every notebook again."""
    shutil.copytree(rendered / "_build" / round_name, project / "_build" / round_name,
                    ignore=shutil.ignore_patterns("render", "preview"))
    return project


@pytest.fixture(scope="session")
def quarto_midterm(rendered_midterm, tmp_path_factory) -> Path:
    _need_quarto()
    return _quarto_render(_executed(copy_project(tmp_path_factory.mktemp("quarto-midterm")), rendered_midterm,
                                    "midterm"), "midterm")


@pytest.fixture(scope="session")
def quarto_final(rendered_final, tmp_path_factory) -> Path:
    """final by Quarto, in a copy where the built-in engine rendered first: built-in -> Quarto. That render is the
    session's own (its executed notebooks and its published report are copied, not made again)."""
    _need_quarto()
    project = _executed(copy_project(tmp_path_factory.mktemp("quarto-final")), rendered_final, "final")
    shutil.copytree(rendered_final / "output" / "final", project / "output" / "final")
    return _quarto_render(project, "final")


def copy_rendered(rendered: Path, dest: Path, *rounds: str) -> Path:
    """A copy of a session render's project (sources, _build, output) that a test may change: its next render
    re-runs only what the change touches instead of the whole round. `rounds` adds the build and output of other
    session renders (e.g. rendered_midterm's into a copy of rendered_final), so one project holds both."""
    shutil.copytree(rendered, dest, symlinks=True)
    for other in rounds:
        source = Path(other)
        for part in ("_build", "output"):
            for folder in (source / part).iterdir() if (source / part).is_dir() else []:
                if folder.is_dir() and folder.name in rounds_of(source):
                    shutil.copytree(folder, dest / part / folder.name, symlinks=True, dirs_exist_ok=True)
    return dest


def rounds_of(project: Path) -> set[str]:
    """The rounds a session render rendered: those with a published output folder."""
    return {p.name for p in (project / "output").iterdir() if p.is_dir()} if (project / "output").is_dir() else set()


MIDTERM = ROOT / "data" / "midterm"
QUAL_FIXTURES = Path(__file__).parent / "fixtures" / "qual"


def copy_round(dest: Path, monkeypatch, with_qual: bool = True) -> Path:
    """A copy of data/midterm that a test may damage (qualitative fixtures fill any missing YAML), as
    data/midterm of a throw-away project (a round is a name under data/, so VVV_ROOT points there)."""
    monkeypatch.setenv("VVV_ROOT", str(dest))
    folder = dest / "data" / "midterm"
    shutil.copytree(MIDTERM, folder)
    if with_qual:
        for fixture in QUAL_FIXTURES.glob("*.yaml"):
            if not (folder / fixture.name).exists():
                shutil.copy(fixture, folder)
    return folder


@pytest.fixture
def round_copy(tmp_path, monkeypatch) -> Path:
    return copy_round(tmp_path, monkeypatch)
