"""Quarto engine: `quarto render --profile <round>` on the same sources.

Quarto embeds notebooks by a literal path, so the round's executed notebooks are staged into
report/<round>/_executed/ first (beside the round's chapters; the profile picks the metadata file).
This path cannot be exercised where Quarto is not installed (CI included): see docs/quarto-subset.md.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from vvvanalysis.errors import RenderError
from vvvanalysis.render.project import Project

QUARTO_FORMATS = {"html": "html", "pdf": "typst", "docx": "docx"}


def version() -> str:
    out = subprocess.run(["quarto", "--version"], capture_output=True, text=True)
    return out.stdout.strip() or "unknown"


def stage_notebooks(project: Project, executed_dir: Path) -> Path:
    """Copy the round's executed notebooks and generated files to report/<round>/_executed/ and _generated/,
    where its chapters embed and include them by literal paths."""
    staged = project.round_dir / "_executed"
    shutil.rmtree(staged, ignore_errors=True)
    staged.mkdir(parents=True)
    for nb in executed_dir.glob("*.ipynb"):
        shutil.copy2(nb, staged / nb.name)
    generated = project.round_dir / "_generated"
    shutil.rmtree(generated, ignore_errors=True)
    shutil.copytree(executed_dir.parent / "generated", generated)
    return staged


def render(project: Project, executed_dir: Path, work: Path, formats: list[str], basename: str,
           epoch: int, force: bool = False) -> tuple[dict[str, Path], list[str]]:
    import os

    stage_notebooks(project, executed_dir)
    # The profile points Quarto's output-dir into the build folder; vvv publishes from there atomically.
    out_dir = project.root / project.config.get("project", {}).get("output-dir", f"_build/{project.profile}/quarto")
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(epoch))
    outputs: dict[str, Path] = {}
    work.mkdir(parents=True, exist_ok=True)
    for fmt in formats:
        proc = subprocess.run(["quarto", "render", "--profile", project.profile, "--to", QUARTO_FORMATS[fmt]],
                              cwd=project.root, capture_output=True, text=True, env=env)
        if proc.returncode != 0:
            tail = proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "unknown error"
            raise RenderError(f"quarto render --to {QUARTO_FORMATS[fmt]} failed: {tail}")
        if fmt == "html":
            # A Quarto book's HTML is a small website (one page per chapter): published as a folder.
            site = work / f"{basename}-html"
            shutil.rmtree(site, ignore_errors=True)
            shutil.copytree(out_dir, site, ignore=shutil.ignore_patterns("*.pdf", "*.docx"))
            outputs["html"] = site
        else:
            suffix = ".pdf" if fmt == "pdf" else ".docx"
            found = sorted(out_dir.glob(f"*{suffix}"))
            if not found:
                raise RenderError(f"quarto wrote no {suffix} file", file=out_dir)
            target = work / f"{basename}{suffix}"
            shutil.copyfile(found[0], target)
            outputs[fmt] = target
    return outputs, []
