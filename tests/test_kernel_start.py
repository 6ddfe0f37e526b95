"""A notebook kernel that dies before it is ready (a port taken between jupyter_client's choice and the kernel's
bind, jupyter/jupyter_client#154: seen on a loaded machine) is started again on fresh ports; one killed on
purpose (a signal) is not."""

from __future__ import annotations

import os
import signal

import pytest

from vvvanalysis.pipeline import execute


def _dies_first(monkeypatch, times: int):
    """Kernel.run_code kills the kernel process before its first `times` warm-ups, as a lost port race does."""
    original = execute.Kernel.run_code
    calls = {"died": 0}

    def run_code(self, code, timeout=120):
        if code == execute.WARM_UP and calls["died"] < times:
            calls["died"] += 1
            os.killpg(self.pid, signal.SIGKILL)
        return original(self, code, timeout)

    monkeypatch.setattr(execute.Kernel, "run_code", run_code)
    return calls


def test_a_kernel_that_dies_at_start_is_started_again(tmp_path, monkeypatch):
    calls = _dies_first(monkeypatch, 1)
    kernel = execute.Kernel(tmp_path, tmp_path / "kernel.log")
    try:
        assert calls["died"] == 1 and kernel.alive()
        kernel.run_code("x = 1 + 1")
    finally:
        kernel.shutdown()


def test_a_kernel_that_keeps_dying_is_an_error(tmp_path, monkeypatch):
    _dies_first(monkeypatch, execute.START_ATTEMPTS)
    with pytest.raises(RuntimeError):
        execute.Kernel(tmp_path, tmp_path / "kernel.log")


def test_a_kernel_killed_on_purpose_is_not_started_again(tmp_path, monkeypatch):
    original = execute.Kernel.run_code
    started = []

    def run_code(self, code, timeout=120):
        if code == execute.WARM_UP:
            started.append(self.pid)
            self.kill()   # what the pool does on SIGINT/SIGTERM while a kernel starts
        return original(self, code, timeout)

    monkeypatch.setattr(execute.Kernel, "run_code", run_code)
    with pytest.raises(RuntimeError):
        execute.Kernel(tmp_path, tmp_path / "kernel.log")
    assert len(started) == 1
