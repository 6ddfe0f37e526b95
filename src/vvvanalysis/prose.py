"""The round's prose: each round's book lists its own chapter files, report/<round>/*.qmd (whole chapters:
headings, narrative, callouts, figure/table divs and embeds in reading order).

`check(round)` is part of `vvv validate`: every chapter file the round's profile lists must exist and stay
inside the Quarto subset, so an evaluator learns what to fix before a render fails.
"""

from __future__ import annotations

from pathlib import Path

from vvvanalysis.errors import ConfigError
from vvvanalysis.paths import project_root


def check(round_name: str) -> list[Path]:
    """Every source file of the round's book exists and is inside the subset; returns their paths."""
    from vvvanalysis.render.project import load_project
    from vvvanalysis.render.subset import check_source

    root = project_root()
    if not (root / f"_quarto-{round_name}.yml").exists():
        return []
    project = load_project(root, round_name)
    for path in [*project.chapters, *project.appendices]:
        if not path.is_file():
            have = ", ".join(sorted(p.name for p in project.round_dir.glob("*.qmd"))) or "no chapter files"
            raise ConfigError(f"round '{round_name}' lists a chapter file that does not exist", file=path,
                              expected=f"a chapter file {path.relative_to(root).as_posix()} (report/{round_name}/ has: {have})",
                              hint=f"write the chapter there, or fix the list in _quarto-{round_name}.yml")
    paths = project.sources()
    for path in paths:
        check_source(path, path.read_text(encoding="utf-8"))
    return paths
