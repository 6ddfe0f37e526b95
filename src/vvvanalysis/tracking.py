"""Records which data files a notebook actually reads, so execution can be cached per notebook.

The pipeline sets VVV_READ_LOG to a file path before running a notebook; every data read appends
its path there. The list becomes the notebook's dependency set (like a compiler's depfile).
"""

from __future__ import annotations

import os
from pathlib import Path

ENV = "VVV_READ_LOG"


def record_read(path: str | Path) -> None:
    log = os.environ.get(ENV)
    if not log:
        return
    with open(log, "a", encoding="utf-8") as fh:
        fh.write(str(Path(path).resolve()) + "\n")


def read_log(log: str | Path) -> list[str]:
    p = Path(log)
    if not p.exists():
        return []
    return sorted(set(line for line in p.read_text(encoding="utf-8").splitlines() if line))
