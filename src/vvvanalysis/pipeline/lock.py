"""One render (or execute) of a round at a time: a second one waits for the first, then stops with a message.

Two runs of one round would write the same build folder and the same executed notebooks; the loser used to
crash with a half-written file. The lock is an advisory `flock` on _build/<round>/.lock, released by the
kernel when the holding process ends however it ends (no stale lock after a crash or kill -9).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from pathlib import Path

from vvvanalysis.errors import ConfigError

WAIT_ENV = "VVV_LOCK_WAIT"      # seconds a second run waits for the first (default below)
DEFAULT_WAIT = 120.0
_held: set[str] = set()         # rounds this process holds (render calls execute: no self-deadlock)


def _wait_seconds() -> float:
    raw = os.environ.get(WAIT_ENV, "")
    try:
        value = float(raw) if raw.strip() else DEFAULT_WAIT
    except ValueError:
        value = -1.0
    if not value >= 0 or value == float("inf"):
        raise ConfigError(f"{WAIT_ENV} is '{raw}'", expected="a number of seconds >= 0",
                          hint=f"set {WAIT_ENV} to e.g. 60, or unset it")
    return value


@contextlib.contextmanager
def round_lock(build: Path, round_name: str, progress=print):
    if round_name in _held:
        yield
        return
    wait = _wait_seconds()
    build.mkdir(parents=True, exist_ok=True)
    path = build / ".lock"
    with open(path, "a+", encoding="utf-8") as fh:
        deadline, told = time.monotonic() + wait, False
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                fh.seek(0)
                holder = fh.read().strip() or "another process"
                if time.monotonic() >= deadline:
                    raise ConfigError(f"round '{round_name}' is being rendered by {holder}; gave up after {wait:g} s",
                                      file=path, hint=f"wait for the other run to finish (or raise {WAIT_ENV}) "
                                                      "and run again") from None
                if not told:
                    progress(f"waiting for {holder}, which is rendering round '{round_name}' …")
                    told = True
                time.sleep(0.2)
        fh.seek(0)
        fh.truncate()
        fh.write(f"process {os.getpid()}")
        fh.flush()
        _held.add(round_name)
        try:
            yield
        finally:
            _held.discard(round_name)
            fh.seek(0)
            fh.truncate()
            fcntl.flock(fh, fcntl.LOCK_UN)
