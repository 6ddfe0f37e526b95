"""Atomic publishing: outputs are rendered in the build folder and moved into output/<round>/ only
when every requested format succeeded. A failed run leaves the last good report untouched."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def publish(files: dict[str, Path], media: list[Path], out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    staged = []
    # Copy next to the destination first (same filesystem), then rename: each rename is atomic.
    for src in [*files.values(), *media]:
        rel = Path("figurer") / src.name if src in media else Path(src.name)
        dest = out_dir / rel
        if dest.exists() and dest.stat().st_size == src.stat().st_size and dest.read_bytes() == src.read_bytes():
            continue   # unchanged: leave the published file (and its timestamp) alone
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = dest.parent / f".{dest.name}.partial"
        shutil.copyfile(src, tmp)
        staged.append((tmp, dest))
    written = []
    for tmp, dest in staged:
        os.replace(tmp, dest)
        written.append(dest)
    # Figures the report no longer contains must not linger beside it.
    keep = {m.name for m in media}
    for old in (out_dir / "figurer").glob("*.png") if (out_dir / "figurer").is_dir() else []:
        if old.name not in keep:
            old.unlink()
    return written
