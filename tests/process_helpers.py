"""Finding the processes a vvv run started: every kernel and worker inherits VVV_ROOT=<the test's project>."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import psutil


def processes_of(project: Path) -> list[psutil.Process]:
    marker = f"VVV_ROOT={project}"
    found = []
    for proc in psutil.process_iter(["pid"]):
        try:
            env = Path(f"/proc/{proc.pid}/environ").read_bytes().split(b"\0")
        except (OSError, psutil.Error):
            continue
        if marker.encode() in env:
            found.append(proc)
    return found


def wait_until_gone(project: Path, seconds: float = 10.0) -> list[psutil.Process]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        left = [p for p in processes_of(project) if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
        if not left:
            return []
        time.sleep(0.2)
    return left


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
