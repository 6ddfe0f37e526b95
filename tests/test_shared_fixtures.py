"""The suite's sharing (tests/conftest.py): a shared render is built once per run, a failed build is not tried
again, and a test that writes into a shared render is caught."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT, assert_untouched, shared, slowest_first, spreads


class _Factory:
    def __init__(self, base: Path):
        self.base = base

    def getbasetemp(self) -> Path:
        return self.base


@pytest.fixture
def factory(tmp_path, monkeypatch):
    monkeypatch.delenv("PYTEST_XDIST_WORKER", raising=False)   # the folder itself, not its parent
    return _Factory(tmp_path)


def test_built_once_then_reused(factory):
    builds = []

    def build(folder: Path) -> None:
        builds.append(folder)
        (folder / "report.html").write_text("rendered", encoding="utf-8")

    first = shared(factory, "render", build)
    assert shared(factory, "render", build) == first and len(builds) == 1
    assert (first / "report.html").read_text(encoding="utf-8") == "rendered"


def test_a_failed_build_fails_later_requests_without_building_again(factory):
    builds = []

    def build(folder: Path) -> None:
        builds.append(folder)
        raise AssertionError("vvv render failed (2)")

    with pytest.raises(AssertionError):
        shared(factory, "render", build)
    with pytest.raises(pytest.fail.Exception, match=r"failed earlier in this run:\nAssertionError: vvv render failed"):
        shared(factory, "render", build)
    assert len(builds) == 1


@pytest.mark.parametrize("plant", ["new file", "changed file", "deleted file"])
def test_a_write_into_a_shared_render_is_caught(factory, plant):
    def build(folder: Path) -> None:
        (folder / "output").mkdir()
        (folder / "output" / "vvv.html").write_text("rendered", encoding="utf-8")

    project = shared(factory, "render", build)
    (project / "output" / "vvv.html").read_text(encoding="utf-8")
    assert_untouched(project)                                    # reading is fine
    if plant == "new file":
        (project / "output" / "kommentarer.md").write_text("x", encoding="utf-8")
    elif plant == "changed file":
        (project / "output" / "vvv.html").write_text("changed!", encoding="utf-8")
    else:
        (project / "output" / "vvv.html").unlink()
    with pytest.raises(AssertionError, match="wrote into the shared render.*output/"):
        assert_untouched(project)


def test_only_modules_that_say_so_spread_over_the_workers(tmp_path):
    assert spreads(ROOT / "tests" / "test_faults.py") and not spreads(ROOT / "tests" / "test_final_round.py")
    planted = tmp_path / "test_planted.py"
    planted.write_text("# XDIST_SPREAD = True would spread it\nX = 1\n", encoding="utf-8")
    assert not spreads(planted)
    (tmp_path / "test_spread.py").write_text("XDIST_SPREAD = True   # why\n", encoding="utf-8")
    assert spreads(tmp_path / "test_spread.py")
    assert not spreads(ROOT / "notebooks" / "02-fremskrivning.ipynb")   # a notebook's cells stay together


class _Item:
    def __init__(self, name: str, *fixtures: str):
        self.name, self.fixturenames = name, fixtures


def test_the_two_quarto_renders_start_first_one_per_worker():
    items = [_Item("a", "rendered_midterm"), _Item("q1", "quarto_midterm"), _Item("q2", "quarto_midterm"),
             _Item("both", "quarto_midterm", "quarto_final"), _Item("f1", "quarto_final"), _Item("f2", "quarto_final"),
             _Item("b")]
    # gw0 gets the 1st and 3rd unit, gw1 the 2nd and 4th: the midterm's on one worker, the final's on the other
    assert [i.name for i in slowest_first(items)] == ["q1", "f1", "q2", "f2", "a", "both", "b"]
