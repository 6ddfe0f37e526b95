"""Fault suite, input families: invisible characters, look-alike values, non-finite and overflowing numbers,
duplicate YAML keys, non-regular files and links out of the project, personal data, prose that cannot be read
or is unbalanced, includes outside the project, a round that is not a name, bad environment and options.

Each case damages a fresh copy of the project's sources and runs the `vvv` CLI. It must end in exactly one
stderr line "vvv: error: …" naming the file (and line/column where they apply) with a fix, exit code 2, no
traceback, and the files in output/ exactly as they were. These checks fail before any notebook runs, so no
render is needed: output/ holds a stand-in "last good report".
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Callable

import pytest

from conftest import ROOT, copy_project, vvv
from vvvanalysis.personal_data import find as find_personal_data

DATA = Path("data") / "midterm"
XDIST_SPREAD = True   # independent, slow cases on either worker (tests/conftest.py)
CH06 = Path("report") / "midterm" / "06-status-programniveau.qmd"
VALIDATE = ("validate", "--round", "midterm")
RENDER = ("render", "--round", "midterm", "--engine", "builtin")
_CH06 = (ROOT / CH06).read_text(encoding="utf-8")
CH06_HEADING_LINE = "## Venner Viser Vejs tilstedeværelse i landets kommuner {#sec-tilstedevaerelse}"
ROW_HEADING = f"row {_CH06.splitlines().index(CH06_HEADING_LINE) + 1}"


@pytest.fixture(scope="module")
def sources(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("sources"))
    out = project / "output" / "midterm"
    (out / "figurer").mkdir(parents=True)
    (out / "vvv-midterm.html").write_text("<p>last good</p>", encoding="utf-8")
    (out / "figurer" / "figur-viden.png").write_bytes(b"\x89PNG last good")
    return project


@pytest.fixture
def project(sources, tmp_path) -> Path:
    dest = tmp_path / "p"
    shutil.copytree(sources, dest, symlinks=True)
    return dest


def snapshot(project: Path) -> dict[str, bytes]:
    out = project / "output"
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def edit(rel, old: str, new: str) -> Callable[[Path], None]:
    def damage(project: Path) -> None:
        path = project / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {rel}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return damage


def edit_bytes(rel, old: bytes, new: bytes) -> Callable[[Path], None]:
    def damage(project: Path) -> None:
        path = project / rel
        raw = path.read_bytes()
        assert old in raw
        path.write_bytes(raw.replace(old, new, 1))
    return damage


def fifo(rel) -> Callable[[Path], None]:
    def damage(project: Path) -> None:
        (project / rel).unlink()
        os.mkfifo(project / rel)
    return damage


def folder(rel) -> Callable[[Path], None]:
    def damage(project: Path) -> None:
        (project / rel).unlink()
        (project / rel).mkdir()
    return damage


def link_outside(rel) -> Callable[[Path], None]:
    """Replace the file by a symlink to a copy of it outside the project (same content: only the place is wrong)."""
    def damage(project: Path) -> None:
        outside = project.parent / f"outside-{Path(rel).name}"
        shutil.copy(project / rel, outside)
        (project / rel).unlink()
        (project / rel).symlink_to(outside)
    return damage


def env(**values) -> Callable[[Path], dict]:
    def damage(project: Path) -> dict:
        return values
    return damage


T8 = "tabel8_kurser.csv"
CASES: dict[str, tuple[tuple[str, ...], Callable, list[str]]] = {
    # --- invisible characters, named by code point ---
    "bidi override in a CSV cell": (VALIDATE, edit(DATA / T8, "Kulturmødet", "Kultur\u202emødet"),
                                    [T8, "row 2", "column 'course'", "U+202E RIGHT-TO-LEFT OVERRIDE"]),
    "NUL in a CSV": (VALIDATE, edit(DATA / T8, "Hverdagsmestring", "Hverdags\0mestring"),
                     [T8, "row 3", "U+0000 NULL"]),
    "zero-width space in YAML": (VALIDATE, edit(DATA / "citater.yaml", "Vi kom til Danmark", "Vi kom\u200b til Danmark"),
                                 ["citater.yaml", "row ", "U+200B ZERO WIDTH SPACE"]),
    "bidi isolate in round.yml": (VALIDATE, edit(DATA / "round.yml", "Als Research", "Als\u2066 Research"),
                                  ["round.yml", "row ", "U+2066 LEFT-TO-RIGHT ISOLATE"]),
    "escape character in a data note": (VALIDATE, edit(DATA / "datanoter.yaml", "decision: ", "decision: \x1b[31m"),
                                        ["datanoter.yaml", "U+001B ESCAPE"]),
    # --- look-alike values: the difference is shown ---
    "category differing by an accent": (VALIDATE, edit(DATA / T8, ",fysisk,", ",fysísk,"),
                                        [T8, "row 2", "column 'format'", "unknown category 'fysísk'",
                                         "U+00ED LATIN SMALL LETTER I WITH ACUTE", "Fix: write 'fysisk'"]),
    "category differing in case": (VALIDATE, edit(DATA / T8, ",webinar,", ",Webinar,"),
                                   [T8, "column 'format'", "only in upper/lower case", "Fix: write 'webinar'"]),
    # --- numbers that are not numbers of the report ---
    "NaN as a number": (VALIDATE, edit(DATA / "lg_insight_2018.csv", ",0.36,", ",nan,"),
                        ["lg_insight_2018.csv", "row 2", "column 'share'", "not a finite number"]),
    "Infinity as a target": (VALIDATE, edit(DATA / "succeskriterier_status.csv", ",90,", ",Infinity,"),
                             ["succeskriterier_status.csv", "column 'target'", "not a finite number"]),
    "overflowing float": (VALIDATE, edit(DATA / "lg_insight_2018.csv", ",0.36,", ",1e999,"),
                          ["lg_insight_2018.csv", "column 'share'", "not a finite number"]),
    "overflowing count": (VALIDATE, edit(DATA / T8, ",30,fysisk", ",99999999999999999999999,fysisk"),
                          [T8, "row 2", "column 'participants'", "too large"]),
    "YAML .inf target": (VALIDATE, edit(DATA / "succeskriterier.yaml", "  target: 90\n", "  target: .inf\n"),
                         ["succeskriterier.yaml", "row 10", "key 'succeskriterier[1].target'",
                          "not a finite number"]),
    "YAML .nan in round.yml outlook": (VALIDATE, edit(DATA / "round.yml", "name: midterm\n",
                                                      "name: midterm\nnoise: .nan\n"),
                                       ["round.yml", "row 3", "key 'noise'", "not a finite number"]),
    "YAML impossible date": (VALIDATE, edit(DATA / "round.yml", "report_date: 2021-11-01", "report_date: 2021-02-31"),
                             ["round.yml", "'2021-02-31' is not a valid date"]),
    # --- duplicate YAML keys: key and both lines ---
    "duplicate key in a data YAML": (VALIDATE, edit(DATA / "succeskriterier.yaml", "  target: 90\n",
                                                    "  target: 90\n  target: 95\n"),
                                     ["succeskriterier.yaml", "the key 'target' is given twice (lines 10 and 11)"]),
    "duplicate key in round.yml": (VALIDATE, edit(DATA / "round.yml", 'round_label: "Midtvejsevaluering"',
                                                  'round_label: "Midtvejsevaluering"\nround_label: "Slut"'),
                                   ["round.yml", "the key 'round_label' is given twice"]),
    # --- files that are not regular files inside the project ---
    "FIFO instead of a data file": (VALIDATE, fifo(DATA / T8), [T8, "FIFO", "not a regular file"]),
    "folder instead of a data file": (VALIDATE, folder(DATA / "citater.yaml"), ["citater.yaml", "a folder"]),
    "data file linked from outside the project": (VALIDATE, link_outside(DATA / T8), [T8, "leads outside the project"]),
    "round.yml linked from outside the project": (VALIDATE, link_outside(DATA / "round.yml"),
                                                  ["round.yml", "leads outside the project"]),
    # --- personal data in data and prose ---
    "e-mail address in a data note": (VALIDATE, edit(DATA / "datanoter.yaml", "decision: ", "decision: skriv til anne.hansen@gmail.com; "),
                                      ["datanoter.yaml", "row ", "column 'decision'", "personal data", "e-mail address",
                                       "e-mail a***@***.com", "offentlige_kontaktdata.yaml"]),
    "CPR-like number in a CSV": (VALIDATE, edit(DATA / T8, "Kulturmødet", "Kulturmødet 010190-1234"),
                                 [T8, "row 2", "column 'course'", "CPR-like number", "CPR ******-1234"]),
    "phone number in a chapter": (VALIDATE, edit(CH06, CH06_HEADING_LINE, CH06_HEADING_LINE + "\n\nRing på tlf. 12 34 56 78."),
                                  [CH06.name, "phone number", "phone tlf. ** ** ** 78"]),
    # --- prose files ---
    "chapter not UTF-8": (VALIDATE, edit_bytes(CH06, "tilstedeværelse".encode(), "tilstedeværelse".encode("latin-1")),
                          [CH06.name, "not UTF-8", "row "]),
    "stray BOM inside a chapter": (VALIDATE, edit(CH06, CH06_HEADING_LINE, "\ufeff" + CH06_HEADING_LINE),
                                   [CH06.name, ROW_HEADING, "U+FEFF"]),
    "unclosed div in a chapter": (VALIDATE, edit(CH06, CH06_HEADING_LINE, CH06_HEADING_LINE + "\n\n::: {.callout-note}\nÅben."),
                                  [CH06.name, "never closed"]),
    "unclosed HTML comment in a chapter": (VALIDATE, edit(CH06, CH06_HEADING_LINE, CH06_HEADING_LINE + "\n\n<!-- glemt"),
                                           [CH06.name, f"row {int(ROW_HEADING.split()[1]) + 2}", "'<!--' is never closed"]),
    "include of an absolute path": (VALIDATE, edit(CH06, CH06_HEADING_LINE, CH06_HEADING_LINE + "\n\n{{< include /etc/hostname >}}"),
                                    [CH06.name, f"row {int(ROW_HEADING.split()[1]) + 2}", "/etc/hostname",
                                     "leads outside the project"]),
    "include climbing out of the project": (VALIDATE, edit(CH06, CH06_HEADING_LINE,
                                                           CH06_HEADING_LINE + "\n\n{{< include ../../../outside.md >}}"),
                                            [CH06.name, f"row {int(ROW_HEADING.split()[1]) + 2}", "outside.md",
                                             "outside the project"]),
    "chapter linked from outside the project": (VALIDATE, link_outside(CH06), [CH06.name, "leads outside the project"]),
    "FIFO instead of a chapter": (VALIDATE, fifo(CH06), [CH06.name, "FIFO"]),
    # --- rounds, options and environment ---
    "round given as a path": (("validate", "--round", "data/midterm"), lambda p: None, ["not a valid round name"]),
    "round given as an absolute path": (("render", "--round", "/tmp"), lambda p: None, ["not a valid round name"]),
    "negative --jobs": ((*RENDER, "--jobs", "-2"), lambda p: None, ["--jobs is -2", "Fix: "]),
    "bad SOURCE_DATE_EPOCH": (RENDER, env(SOURCE_DATE_EPOCH="gestern"), ["SOURCE_DATE_EPOCH is 'gestern'", "Fix: "]),
    "bad lock wait": (RENDER, env(VVV_LOCK_WAIT="forever"), ["VVV_LOCK_WAIT", "Fix: "]),
}


@pytest.mark.parametrize("case", CASES)
def test_bad_input_gives_one_clear_error_and_keeps_the_outputs(project, case):
    args, damage, fragments = CASES[case]
    if case == "include climbing out of the project":
        (project.parent / "outside.md").write_text("Uden for projektet.\n", encoding="utf-8")
    before = snapshot(project)
    extra = damage(project) or {}
    proc = vvv(project, *args, check=False, env=extra)
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    assert len(lines) == 1, proc.stderr
    message = lines[0]
    assert message.startswith("vvv: error: "), message
    assert "Traceback" not in proc.stderr + proc.stdout
    assert ". Fix: " in message, message
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} missing from: {message}"
    assert not find_personal_data(proc.stderr + proc.stdout), "a message echoed personal data unmasked"
    assert snapshot(project) == before, "a failed run changed output/"
    assert not (project / "_build" / "data").exists()


def test_allow_listed_public_contact_passes(project):
    edit(DATA / "datanoter.yaml", "decision: ", "decision: skriv til info@drc.ngo; ")(project)
    (project / "data" / "offentlige_kontaktdata.yaml").write_text(
        "allow:\n  - value: info@drc.ngo\n    reason: DRC Dansk Flygtningehjælps offentlige adresse\n", encoding="utf-8")
    proc = vvv(project, *VALIDATE, check=False)
    assert proc.returncode == 0, proc.stderr


def test_unicode_is_normalised_to_nfc(project):
    """'fysisk' typed with a decomposed letter elsewhere must still match; here: 'Kulturmødet' with o + stroke
    is a different letter (no decomposition), but 'å' as a + COMBINING RING ABOVE equals 'å'."""
    from vvvanalysis.data.readers import read_text

    path = project / DATA / "noegletal.csv"
    text = path.read_text(encoding="utf-8")
    assert "å" in text
    path.write_text(text.replace("å", "a\u030a"), encoding="utf-8")
    os.environ["VVV_ROOT"] = str(project)
    try:
        assert read_text(path) == text
    finally:
        del os.environ["VVV_ROOT"]


def test_a_second_render_of_the_same_round_stops_with_a_clear_message(project):
    import fcntl

    build = project / "_build" / "midterm"
    build.mkdir(parents=True, exist_ok=True)
    before = snapshot(project)
    with open(build / ".lock", "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        held.write("process 4242")
        held.flush()
        proc = vvv(project, *RENDER, check=False, env={"VVV_LOCK_WAIT": "0.5"})
    assert proc.returncode == 2, proc.stderr
    line = proc.stderr.strip().splitlines()[-1]
    assert "round 'midterm' is being rendered by process 4242" in line and "Fix: wait" in line, line
    assert len(proc.stderr.strip().splitlines()) == 1
    assert snapshot(project) == before
