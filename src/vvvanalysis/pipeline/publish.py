"""Atomic publishing: outputs are rendered in the build folder and moved into output/<round>/ only
when every requested format succeeded. A failed run leaves the last good report untouched."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

FIGURES = "figurer"


def figures_of(engine: str, work: Path) -> list[Path]:
    """The figures of the render that just ran: the built-in engine writes them to work/media/, the Quarto
    engine to work/quarto-media/ (each engine empties its own folder first). Reading only the running
    engine's folder keeps an earlier render by the other engine out of output/<round>/figurer/."""
    folder = work / ("media" if engine == "builtin" else "quarto-media")
    return sorted(folder.glob("*.png")) if folder.is_dir() else []


def engine_of(record: Path) -> str | None:
    """The engine named by a published technical colophon (kolofon.txt, line 'Motor: <engine> <version>')."""
    try:
        text = record.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    for line in text.splitlines():
        if line.startswith("Motor:"):
            words = line.split(":", 1)[1].split()
            return words[0] if words else None
    return None


def publish(files: dict[str, Path], media: list[Path], out_dir: Path, engine: str | None = None) -> list[Path]:
    """Move `files` (and the figures) into `out_dir`. When `engine` differs from the engine of what is published
    there now, every other file goes: output/<round>/ never mixes two engines' reports."""
    out_dir.mkdir(parents=True, exist_ok=True)
    previous = engine_of(out_dir / "kolofon.txt")
    staged: list[tuple[Path, Path]] = []
    # Copy next to the destination first (same filesystem), then rename: each rename is atomic.
    # If a copy fails (disk full, permissions), the staged copies are removed and nothing is replaced.
    try:
        for src in [*files.values(), *media]:
            rel = Path(FIGURES) / src.name if src in media else Path(src.name)
            dest = out_dir / rel
            if src.is_dir():   # the Quarto engine's HTML website
                tmp = dest.parent / f".{dest.name}.partial"
                shutil.rmtree(tmp, ignore_errors=True)
                staged.append((tmp, dest))
                shutil.copytree(src, tmp)
                continue
            if dest.exists() and dest.stat().st_size == src.stat().st_size and dest.read_bytes() == src.read_bytes():
                continue   # unchanged: leave the published file (and its timestamp) alone
            dest.parent.mkdir(parents=True, exist_ok=True)
            tmp = dest.parent / f".{dest.name}.partial"
            staged.append((tmp, dest))
            shutil.copyfile(src, tmp)
    except BaseException:
        for tmp, _dest in staged:
            shutil.rmtree(tmp, ignore_errors=True) if tmp.is_dir() else tmp.unlink(missing_ok=True)
        raise
    written = []
    for tmp, dest in staged:
        if tmp.is_dir():
            # A folder cannot replace a folder atomically: move the old one aside first, then drop it.
            old = dest.parent / f".{dest.name}.old"
            shutil.rmtree(old, ignore_errors=True)
            if dest.exists():
                os.replace(dest, old)
            os.replace(tmp, dest)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, dest)
        written.append(dest)
    # One HTML per round: the other engine's form (a single file <-> a site folder) must not linger beside it,
    # or a reader could open an older report.
    html = files.get("html")
    if html is not None:
        stem = html.name[:-len("-html")] if html.is_dir() else html.stem
        other = out_dir / (f"{stem}.html" if html.is_dir() else f"{stem}-html")
        shutil.rmtree(other) if other.is_dir() else other.unlink(missing_ok=True)
    if engine is not None and previous is not None and previous != engine:
        published = {src.name for src in files.values()} | {FIGURES}
        for old in sorted(out_dir.iterdir()):
            if old.name not in published and not old.name.startswith("."):
                shutil.rmtree(old) if old.is_dir() else old.unlink()
    # Figures the report no longer contains must not linger beside it.
    keep = {m.name for m in media}
    for old in sorted((out_dir / FIGURES).glob("*")) if (out_dir / FIGURES).is_dir() else []:
        if old.suffix in (".png", ".svg") and old.name not in keep:
            old.unlink()
    return written
