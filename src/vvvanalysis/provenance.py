"""Provenance of a rendered report (the colophon): commit, data file hashes, engine, versions, date.

Written twice: as _build/<round>/generated/kolofon.md (a chapter may include it) and as the plain-text
record kolofon.txt, which is published beside the report in output/<round>/ so the technical record
stays available without filling the reader's pages. The render date honours SOURCE_DATE_EPOCH.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import platform
import subprocess
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from vvvanalysis import danish
from vvvanalysis.errors import ConfigError
from vvvanalysis.literal import code
from vvvanalysis.paths import project_root
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
        ["Dannet", danish.date(rendered)],
        ["Kildekode (git-commit)", code(git_commit(root))],
        ["Motor", f"{engine} {engine_version}"],
        ["Python", platform.python_version()],
        ["Pakker", ", ".join(f"{n} {v}" for n, v in package_versions())],
    ]
    text = markdown_table(facts, [Column("Oplysning", 25, "left"), Column("Værdi", 55, "left")])
    rows = [[code(name), code(digest[:16])] for name, digest in data_hashes(data_folder)]
    text += "\n\nDatafiler (SHA-256, de første 16 tegn):\n\n"
    text += markdown_table(rows, [Column("Fil", 40, "left"), Column("SHA-256", 40, "left")])
    return text


SIDECAR = "kolofon.txt"


def colophon_text(*, root: Path, data_folder: Path, engine: str, engine_version: str, epoch: int,
                  round_name: str | None = None) -> str:
    """The full technical record as plain text: what a reader needs to make the same report again."""
    rendered = dt.datetime.fromtimestamp(epoch, tz=dt.timezone.utc).date()
    command = f"vvv render --round {round_name or data_folder.name}"
    lines = [
        "Kolofon – teknisk registrering",
        "",
        f"Dannet:                 {danish.date(rendered)}",
        f"Kildekode (git-commit): {git_commit(root)}",
        f"Motor:                  {engine} {engine_version}",
        f"Python:                 {platform.python_version()}",
        f"Sådan dannes rapporten igen: tjek commit'en ud og kør '{command}'.",
        "To kørsler med de samme kilder giver identiske filer.",
        "",
        "Pakker:",
        *[f"  {n} {v}" for n, v in package_versions()],
        "",
        "Datafiler (SHA-256):",
        *[f"  {digest}  {name}" for name, digest in data_hashes(data_folder)],
    ]
    return "\n".join(lines) + "\n"


def _write(path: Path, text: str) -> None:
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def write_colophon(path: Path, **kwargs) -> Path:
    """Write kolofon.md at `path` and the plain-text record kolofon.txt beside it; returns the .md path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _write(path, colophon_markdown(**kwargs))
    _write(path.with_name(SIDECAR), colophon_text(**kwargs))
    return path


def source_epoch(report_date) -> int:
    """SOURCE_DATE_EPOCH if set, else the last commit's time: identical bytes for identical sources."""
    env = os.environ.get("SOURCE_DATE_EPOCH")
    if env:
        if not env.strip().isdigit() or int(env) > 253402300799:   # typst and zip need a date before year 10000
            raise ConfigError(f"SOURCE_DATE_EPOCH is '{env}'", expected="whole seconds since 1970-01-01 UTC, "
                              "e.g. 1638230400", hint="set it to a Unix time stamp or unset it (then the last "
                              "commit's time is used)")
        return int(env)
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=project_root(), capture_output=True,
                             text=True, timeout=10)
        if out.returncode == 0 and out.stdout.strip():
            return int(out.stdout.strip())
    except (OSError, subprocess.SubprocessError):
        pass
    return int(dt.datetime.combine(report_date, dt.time(12), tzinfo=dt.timezone.utc).timestamp())
