"""Content hashes that decide whether a notebook must run again."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path


def file_hash(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def text_hash(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


@lru_cache(maxsize=1)
def package_hash() -> str:
    """Every .py file of the package: a change to any analysis code re-runs the notebooks."""
    pkg = Path(__file__).resolve().parents[1]
    h = hashlib.sha256()
    for path in sorted(pkg.rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        h.update(str(path.relative_to(pkg)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


@lru_cache(maxsize=1)
def environment_hash() -> str:
    """Versions that change figures without any file of ours changing."""
    import sys
    from importlib.metadata import version

    names = ["pandas", "numpy", "matplotlib", "seaborn", "statsmodels", "ipykernel"]
    return text_hash(sys.version, *(f"{n}={version(n)}" for n in names))
