"""Provenance of a rendered report (the colophon): commit, data file hashes, engine, versions, date.

Written to _build/<round>/generated/kolofon.md and included by report/d-kolofon.qmd, so every output
format says exactly what it was made from. The render date honours SOURCE_DATE_EPOCH.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import platform
import subprocess
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from vvvanalysis import danish
from vvvanalysis.literal import code
from vvvanalysis.tables import Column, markdown_table

PACKAGES = ["vvvanalysis", "pandas", "numpy", "matplotlib", "seaborn", "statsmodels", "papermill", "nbformat",
            "babel", "pypandoc_binary", "typst"]


def git_commit(root: Path) -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, timeout=10)
        if head.returncode != 0:
            return "ikke registreret (ikke et git-arkiv)"
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root,
                               capture_output=True, text=True, timeout=10).stdout.strip()
        return head.stdout.strip() + (" (med ikke-committede ændringer)" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "ikke registreret"


def data_hashes(folder: Path) -> list[tuple[str, str]]:
    return [(p.name, hashlib.sha256(p.read_bytes()).hexdigest()) for p in sorted(folder.iterdir())
            if p.is_file() and p.suffix in {".csv", ".yaml", ".yml"}]


def package_versions() -> list[tuple[str, str]]:
    out = []
    for name in PACKAGES:
        try:
            out.append((name, version(name)))
        except PackageNotFoundError:
            out.append((name, "ikke installeret"))
    return out


def colophon_markdown(*, root: Path, data_folder: Path, engine: str, engine_version: str, epoch: int) -> str:
    rendered = dt.datetime.fromtimestamp(epoch, tz=dt.timezone.utc).date()
    facts = [
        ["Gengivet", danish.date(rendered)],
        ["Kildekode (git-commit)", code(git_commit(root))],
        ["Gengivelsesmotor", f"{engine} {engine_version}"],
        ["Python", platform.python_version()],
        ["Pakker", ", ".join(f"{n} {v}" for n, v in package_versions())],
    ]
    text = markdown_table(facts, [Column("Oplysning", 25, "left"), Column("Værdi", 55, "left")])
    rows = [[code(name), code(digest[:16])] for name, digest in data_hashes(data_folder)]
    text += "\n\nDatafiler (SHA-256, de første 16 tegn):\n\n"
    text += markdown_table(rows, [Column("Fil", 40, "left"), Column("SHA-256", 40, "left")])
    return text


def write_colophon(path: Path, **kwargs) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = colophon_markdown(**kwargs)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path
