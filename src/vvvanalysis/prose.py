"""The round's prose: each round's book lists its own chapter files, report/<round>/*.qmd (whole chapters:
headings, narrative, callouts, figure/table divs and embeds in reading order).

`check(round)` is part of `vvv validate`: every chapter file the round's profile lists must exist and stay
inside the Quarto subset, so an evaluator learns what to fix before a render fails.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from vvvanalysis.errors import ConfigError
from vvvanalysis.paths import project_root


def check(round_name: str) -> list[Path]:
    """Every source file of the round's book exists and is inside the subset; returns their paths."""
    from vvvanalysis.data.readers import read_prose
    from vvvanalysis.render.project import load_project
    from vvvanalysis.render.subset import check_source

    root = project_root()
    if not (root / f"_quarto-{round_name}.yml").exists():
        return []
    project = load_project(root, round_name)
    for path in [*project.chapters, *project.appendices]:
        if not os.path.lexists(path):
            have = ", ".join(sorted(p.name for p in project.round_dir.glob("*.qmd"))) or "no chapter files"
            raise ConfigError(f"round '{round_name}' lists a chapter file that does not exist", file=path,
                              expected=f"a chapter file {path.relative_to(root).as_posix()} (report/{round_name}/ has: {have})",
                              hint=f"write the chapter there, or fix the list in _quarto-{round_name}.yml")
    for path in [*project.chapters, *project.appendices]:
        check_links(path, root, round_name)   # before the includes are read: a fault names the line holding it
    paths = project.sources()
    for path in paths:
        text = read_prose(path)
        check_source(path, text)
        check_structure(path, text)
    return paths


INCLUDE_AT = re.compile(r"\{\{<\s*include\s+([^\s>]+)\s*>\}\}")
EMBED_AT = re.compile(r"\{\{<\s*embed\s+([^\s>]+)\s*>\}\}")


def check_links(path: Path, root: Path, round_name: str, chapter: Path | None = None, depth: int = 0) -> None:
    """Every include and embed of a chapter (and of the files it includes) leads somewhere usable. A fault is
    named where the user must fix it: the file and line that hold the shortcode, not the file it points at."""
    from vvvanalysis.data.readers import read_prose
    from vvvanalysis.errors import VVVError
    from vvvanalysis.paths import checked_source

    chapter = chapter or path
    for number, line in enumerate(read_prose(path).splitlines(), start=1):
        for target in INCLUDE_AT.findall(line):
            if target.startswith("_generated/") or depth >= 5:   # written by the render; nesting: its own error
                continue
            included = Path(os.path.normpath(path.parent / target))   # report/_shared/x, not report/r/../_shared/x
            try:
                if not os.path.lexists(included):
                    raise ConfigError(f"{included.resolve()} does not exist")
                checked_source(included, ConfigError)   # a regular file inside the project (no /etc/…, no FIFO)
                read_prose(included)
            except VVVError as exc:
                raise ConfigError(f"the include of '{target}' cannot be used: {exc.message}", file=path, row=number,
                                  hint=f"correct the path (relative to {_short(path.parent, root)}/) to a file "
                                       "inside the project") from None
            check_links(included, root, round_name, chapter, depth + 1)
        for target in EMBED_AT.findall(line):
            _check_embed(target, path, number, chapter, root, round_name)


def _check_embed(target: str, path: Path, line: int, chapter: Path, root: Path, round_name: str) -> None:
    """_executed/NAME.ipynb#label (relative to the chapter, as Quarto reads it): the notebook exists in
    notebooks/ and has a cell with that label. The fix is always the path or the label, never a run."""
    import difflib

    rel, _, label = target.partition("#")
    name = Path(rel).name
    notebooks = sorted(p.name for p in (root / "notebooks").glob("*.ipynb"))
    if name not in notebooks:
        close = difflib.get_close_matches(name, notebooks, n=1)
        raise ConfigError(f"the embed '{target}' names the notebook {name}, which is not in notebooks/", file=path,
                          row=line, expected="_executed/NAME.ipynb#label with NAME one of " + ", ".join(notebooks),
                          hint=f"correct the path to _executed/{close[0]}#{label}" if close
                          else "correct the notebook name in the embed path")
    if (chapter.parent / rel).resolve().parent != (root / "report" / round_name / "_executed").resolve():
        raise ConfigError(f"the embed '{target}' does not point into _executed/ beside the chapter", file=path,
                          row=line, expected=f"_executed/{name}#{label}",
                          hint=f"correct the path to _executed/{name}#{label}")


def _short(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


FENCE = re.compile(r"^\s*(```|~~~)")
DIV_FENCE = re.compile(r"^\s*(:{3,})\s*(.*?)\s*$")


def check_structure(path: Path, text: str) -> None:
    """Every div a file opens it closes, and every HTML comment ends: otherwise pandoc silently swallows the rest
    of the book (or typst fails on generated code), and the error would point at a generated file or another
    chapter instead of the line that holds the mistake."""
    opened: list[int] = []
    in_code = False
    comment_at: int | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if FENCE.match(line):
            in_code = not in_code
            continue
        if in_code:
            continue
        rest = line
        while rest:
            if comment_at is None:
                start = rest.find("<!--")
                if start < 0:
                    break
                comment_at, rest = number, rest[start + 4:]
            else:
                end = rest.find("-->")
                if end < 0:
                    break
                comment_at, rest = None, rest[end + 3:]
        if comment_at is not None and comment_at != number:
            continue   # inside a comment
        fence = DIV_FENCE.match(line)
        if fence and comment_at is None:
            if fence.group(2):
                opened.append(number)
            elif opened:
                opened.pop()
            else:
                raise ConfigError("a div is closed (':::') that was never opened", file=path, row=number,
                                  hint="delete the stray ':::' or add the opening '::: {…}' line")
    if comment_at is not None:
        raise ConfigError("an HTML comment '<!--' is never closed", file=path, row=comment_at,
                          hint="end the comment with '-->' (everything after it would vanish from the report)")
    if opened:
        raise ConfigError("a div opened here is never closed", file=path, row=opened[-1],
                          hint="close the div with a line ':::' in the same file")
