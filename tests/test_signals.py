"""SIGTERM / SIGINT in the middle of notebook execution: kernels stopped, outputs as they were, exit 143/130."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import copy_project
from process_helpers import processes_of, wait_until_gone


def _tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("signum, code", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_signal_during_execution_stops_every_kernel_and_leaves_outputs(rendered_midterm, tmp_path, signum, code):
    project = copy_project(tmp_path / "project")
    for folder in ("_build", "output"):
        shutil.copytree(rendered_midterm / folder, project / folder)
    before_out = _tree_digest(project / "output")
    executed = project / "_build" / "midterm" / "notebooks"
    before_nb = {name: digest for name, digest in _tree_digest(executed).items() if name.endswith(".ipynb")}
    env = dict(os.environ, VVV_ROOT=str(project), SOURCE_DATE_EPOCH="1638230400")
    proc = subprocess.Popen([sys.executable, "-m", "vvvanalysis", "render", "--round", "midterm", "--engine",
                             "builtin", "--force"], cwd=project, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    # Wait until kernels are running (mid-execution), then signal only the vvv process itself.
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        kernels = [p for p in processes_of(project) if "ipykernel" in " ".join(p.cmdline())]
        if kernels:
            break
        time.sleep(0.1)
    assert kernels, "no kernel started"
    time.sleep(1.0)
    proc.send_signal(signum)
    out, err = proc.communicate(timeout=300)   # deadlines, not waits: generous for a loaded machine
    assert proc.returncode == code, (out, err)
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("vvv: interrupted by " + signal.Signals(signum).name), err
    assert "Traceback" not in err
    assert wait_until_gone(project, seconds=60) == []
    assert _tree_digest(project / "output") == before_out
    after_nb = {name: digest for name, digest in _tree_digest(executed).items() if name.endswith(".ipynb")}
    assert set(after_nb) <= set(before_nb)   # no half-written notebook left (no .running files kept)
    assert not list(executed.glob(".*.running.ipynb"))
