"""`vvv preview` end to end: a real server on a free port, real edits in a copy of the project."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import copy_project
from process_helpers import free_port, wait_until_gone

TABLE = Path("data/midterm/tabel8_kurser.csv")
ROW = "Kulturmødet,2021-08-25,{}"


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode("utf-8")


def _shows_97(page: str) -> bool:
    """Tabel 8's cell reads 97 (a number cell may carry its data-kilde span); the Data disclosures' raw rows,
    which may hold a 97 of another file, are left out."""
    page = re.sub(r'<details class="kilde-data">.*?</details>', "", page, flags=re.S)
    return re.search(r">97(?:</span>)?</td>", page) is not None


def _wait(predicate, what: str, seconds: float = 240.0):
    """Poll until predicate holds. A request that times out while the server is busy (a loaded machine) is asked
    again, not a failure: only the deadline is."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            value = predicate()
        except OSError:
            value = None
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def _first_chapter(project: Path) -> Path:
    """A prose file the book really includes: the first chapter under report/ (before and after the layout
    change that moved the chapters into report/<round>/)."""
    from vvvanalysis.render.project import load_project

    chapters = [c for c in load_project(project, "midterm").chapters if "report" in c.parts]
    return chapters[0]


@pytest.fixture
def preview(rendered_midterm, tmp_path):
    project = copy_project(tmp_path / "project")
    # The executed notebooks of the session's render: a warm start, as after an evaluator's first render.
    shutil.copytree(rendered_midterm / "_build", project / "_build")
    env = dict(os.environ, VVV_ROOT=str(project), SOURCE_DATE_EPOCH="1638230400")
    log = (tmp_path / "preview.out").open("w"), (tmp_path / "preview.err").open("w")
    for _ in range(3):
        # free_port() is free when asked, but another process (a kernel of a render beside this one picks its
        # ports the same way) may take it before the preview binds it: then try another port.
        port = free_port()
        proc = subprocess.Popen([sys.executable, "-m", "vvvanalysis", "preview", "--round", "midterm", "--port",
                                 str(port)], cwd=project, env=env, stdout=log[0], stderr=log[1], start_new_session=True)
        url = f"http://127.0.0.1:{port}/"

        def state() -> dict:
            try:
                return json.loads(_get(url + "__vvv/state"))
            except OSError:
                return {}

        _wait(lambda: proc.poll() is not None or state(), "the preview server to answer")
        if proc.poll() is None or f"port {port}" not in (tmp_path / "preview.err").read_text():
            break

    try:
        yield project, url, state, proc, tmp_path
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=120)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
        for f in log:
            f.close()


def test_preview_serves_prose_and_data_edits_reports_a_bad_edit_and_recovers(preview):
    project, url, state, proc, tmp_path = preview
    # "built" (not a non-zero version) tells the first build from none yet: the version is set at start-up.
    first = _wait(lambda: (s := state()).get("built") and not s.get("building") and s, "the first build")
    page = _get(url)
    assert first["error"] is None, first
    assert "<h1" in page and "EventSource(\"/__vvv/events\")" in page
    # The reload script is added as the page is served, never written into a built file.
    built = [p for p in (project / "_build" / "midterm" / "preview").rglob("*.html")]
    assert built and all("__vvv/events" not in p.read_text(encoding="utf-8") for p in built)

    # 1. prose: a new sentence in a chapter is served without any notebook running
    chapter = _first_chapter(project)
    sentence = "Denne sætning kommer fra preview-testen."
    assert sentence not in page
    chapter.write_text(chapter.read_text(encoding="utf-8") + f"\n\n{sentence}\n", encoding="utf-8")
    _wait(lambda: sentence in _get(url), "the prose edit to be served")
    line = _wait(lambda: [ln for ln in (tmp_path / "preview.out").read_text().splitlines() if "text only" in ln],
                 "the terminal line of the prose rebuild")[0]
    assert "ran " not in line   # prose -> text only: no notebook, no validation

    # 2. data: Tabel 8's participant count for Kulturmødet, 30 in the memo, becomes 97
    table = project / TABLE
    text = table.read_text(encoding="utf-8")
    assert ROW.format(30) in text and not _shows_97(_get(url))
    table.write_text(text.replace(ROW.format(30), ROW.format(97)), encoding="utf-8")
    _wait(lambda: _shows_97(_get(url)), "the data edit to be served")

    # 3. a bad edit: one line naming file, row and column, in the page and the terminal; last good page stays
    before = state()["version"]
    table.write_text(text.replace(ROW.format(30), ROW.format("x7")), encoding="utf-8")
    error = _wait(lambda: state().get("error"), "the bad edit to be reported")
    assert "tabel8_kurser.csv" in error and "row 2" in error and "participants" in error and "\n" not in error
    assert state()["version"] == before
    page = _get(url)
    assert _shows_97(page) and sentence in page
    assert "x7" in page.split('id="vvv-preview-banner"', 1)[1].split("</div>", 1)[0]
    err = (tmp_path / "preview.err").read_text()
    assert any(line.startswith("vvv: error:") and "tabel8_kurser.csv" in line for line in err.splitlines())

    # 4. the next good save recovers: error gone, the new value served
    table.write_text(text.replace(ROW.format(30), ROW.format(31)), encoding="utf-8")
    _wait(lambda: state().get("error") is None and ">31</td>" in _get(url), "recovery after the fix")

    # Ctrl-C: a clean stop, the server gone, no kernel left behind, nothing published into output/
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=120) == 0                           # a deadline: stopping warm kernels under load
    assert wait_until_gone(project, seconds=60) == []
    assert not (project / "output").exists()
