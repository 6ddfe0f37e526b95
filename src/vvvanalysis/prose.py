"""Round-specific prose: shared chapters write {{< include _tekst/NAME.md >}}; the text is the round's own
file data/<round>/tekst/NAME.md (the built-in engine maps the path, the Quarto engine stages the folder).

`check(round)` is part of `vvv validate`: every prose file the round's chapters include must exist and stay
inside the Quarto subset, so an evaluator learns what to write before a render fails.
"""

from __future__ import annotations

from pathlib import Path

from vvvanalysis.paths import project_root


def included(chapters: list[Path]) -> list[str]:
    """Names (relative to tekst/) of the prose files the chapters include, in order of first use."""
    from vvvanalysis.render.project import INCLUDE

    names: dict[str, None] = {}
    seen: set[Path] = set()

    def scan(path: Path) -> None:
        if path in seen or not path.is_file():
            return
        seen.add(path)
        text = path.read_text(encoding="utf-8")
        for match in INCLUDE.finditer(text):
            target = match.group(1)
            if target.startswith("_tekst/"):
                names.setdefault(target.removeprefix("_tekst/"), None)
            else:
                scan(path.parent / target)     # a shared include (e.g. _maalopfyldelse.qmd) may include prose

    for chapter in chapters:
        scan(chapter)
    return list(names)


def check(round_name: str) -> list[Path]:
    """Every prose file the round's book includes exists and is inside the subset; returns their paths."""
    from vvvanalysis.render.builtin import prose_file
    from vvvanalysis.render.project import load_project
    from vvvanalysis.render.subset import check_source

    root = project_root()
    if not (root / f"_quarto-{round_name}.yml").exists():
        return []
    project = load_project(root, round_name)
    paths = []
    for name in included([*project.chapters, *project.appendices]):
        path = prose_file(round_name, Path(name))
        check_source(path, path.read_text(encoding="utf-8"))
        paths.append(path)
    return paths
