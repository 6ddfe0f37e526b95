"""The tests' `vvv()` forks its commands from a zygote (tests/vvv_zygote.py): each must behave as
`python -m vvvanalysis` in a new interpreter does: the same exit code, stdout and stderr, in its own process, and
nothing of one call (working folder, environment, caches) may reach the next."""

from __future__ import annotations

import os

import pytest

from conftest import copy_project, vvv

DATA = os.path.join("data", "midterm")


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("zygote") / "good")
    (project / "svar.docx").write_text("not a DOCX", encoding="utf-8")   # named relative to the working folder
    return project


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    """A copy of the project whose midterm data has one bad cell (an error with file, row and column)."""
    project = copy_project(tmp_path_factory.mktemp("zygote") / "broken")
    path = project / DATA / "deltagere_og_matches.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",6063,", ",6O63,"), encoding="utf-8")
    return project


@pytest.mark.parametrize("args", [
    ("validate", "--round", "midterm"),          # success
    ("validate", "--round", "nowhere"),          # a user error: one line, exit 2
    ("validate", "--no-such-option"),            # argparse's usage error
    ("render", "--round", "midterm", "--to", "epub"),
    ("comments", "--round", "midterm", "svar.docx"),   # a path relative to the command's working folder
])
def test_a_forked_command_answers_as_a_new_interpreter_does(good, args):
    forked, fresh = vvv(good, *args, check=False), vvv(good, *args, check=False, fresh=True)
    assert (forked.returncode, forked.stdout, forked.stderr) == (fresh.returncode, fresh.stdout, fresh.stderr)


def test_a_traceback_with_debug_is_printed_as_a_new_interpreter_prints_it(broken):
    forked = vvv(broken, "--debug", "validate", "--round", "midterm", check=False)
    fresh = vvv(broken, "--debug", "validate", "--round", "midterm", check=False, fresh=True)
    assert forked.returncode == fresh.returncode != 0
    assert "Traceback (most recent call last)" in forked.stderr and "Traceback" in fresh.stderr
    assert forked.stderr.splitlines()[-1] == fresh.stderr.splitlines()[-1]


def test_nothing_of_one_call_reaches_the_next(good, broken):
    """Bad data in one project, good data in the other, alternately: each answer is its own project's (a cache
    or a working folder kept by the zygote would give the first answer twice)."""
    for _ in range(2):
        bad = vvv(broken, "validate", "--round", "midterm", check=False)
        fine = vvv(good, "validate", "--round", "midterm", check=False)
        assert bad.returncode == 2 and "deltagere_og_matches.csv" in bad.stderr, bad.stderr
        assert fine.returncode == 0, fine.stderr
    custom = vvv(broken, "validate", "--round", "midterm", check=False, env={"NO_COLOR": "1"})
    assert custom.returncode == 2
