"""Where things live. The project root is found from the package location or VVV_ROOT."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from vvvanalysis.errors import ConfigError

ROUND_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,30}$")


def project_root() -> Path:
    env = os.environ.get("VVV_ROOT")
    if env:
        return Path(env).resolve()
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "_quarto.yml").exists() and (parent / "data").is_dir():
            return parent
    return Path.cwd().resolve()


def data_root() -> Path:
    return project_root() / "data"


def known_rounds() -> list[str]:
    root = data_root()
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / "round.yml").exists())


def round_dir(round_name: str | os.PathLike) -> Path:
    """data/<round>/ for a round name ('midterm'), with a clear error.

    A round is a name under data/, nothing else: a path is accepted only when it is such a folder (the notebooks
    receive the round folder as a parameter); any other folder is refused, so no build or read ever happens
    outside the project."""
    name = str(round_name)
    if not ROUND_NAME.match(name):
        inside = _round_folder_name(round_name)
        if inside is None:
            raise ConfigError(f"'{name}' is not a valid round name", expected="lower-case letters, digits, '-' or '_'",
                              hint="name the folder under data/ like 'midterm' or 'final' and pass that name")
        name = inside
    path = data_root() / name
    if not (path / "round.yml").exists():
        rounds = ", ".join(known_rounds()) or "none"
        raise ConfigError(
            f"unknown round '{name}'",
            expected=f"one of: {rounds}",
            hint=f"create it with 'vvv new-round {name}' or pick an existing round",
        )
    return path.resolve()


def _round_folder_name(value) -> str | None:
    """The round name of a path that is data/<round>/ of this project, else None."""
    try:
        candidate = Path(value).resolve()
    except (OSError, RuntimeError, ValueError):
        return None
    if candidate.parent == data_root().resolve() and ROUND_NAME.match(candidate.name):
        return candidate.name
    return None


FILE_KINDS = {stat.S_IFIFO: "a FIFO (named pipe)", stat.S_IFCHR: "a character device", stat.S_IFBLK: "a block device",
              stat.S_IFSOCK: "a socket", stat.S_IFDIR: "a folder"}


def checked_source(path: Path, error=None) -> Path:
    """A data or prose file the render may read: a regular file inside the project (a symlink may point only
    inside it). Refused at once otherwise, before anything opens it (opening a FIFO would wait forever)."""
    error = error or ConfigError
    path = Path(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise error(f"is a symlink to {os.readlink(path)}, which does not exist", file=path,
                        hint="replace the link by the file itself") from None
        raise
    except OSError as exc:
        raise error(f"cannot be read: {exc.strerror}", file=path, hint="check the file and its permissions") from None
    if not stat.S_ISREG(info.st_mode):
        kind = FILE_KINDS.get(stat.S_IFMT(info.st_mode), "not a regular file")
        raise error(f"is {kind}, not a regular file", file=path, expected="a regular file",
                    hint="put the file itself there (not a pipe, device, folder or link)")
    resolved, root = path.resolve(), project_root().resolve()
    if not resolved.is_relative_to(root):
        raise error(f"leads outside the project (to {resolved})", file=path,
                    expected=f"a file inside {root}",
                    hint="copy the file into the project instead of linking to it")
    return path


def build_dir(round_name: str) -> Path:
    return project_root() / "_build" / round_name


def output_dir(round_name: str) -> Path:
    return project_root() / "output" / round_name


SOURCE_FOLDERS = ("data", "notebooks", "report")
GENERATED = ("_executed", "_generated", ".ipynb_checkpoints", "__pycache__")


def copy_sources(dest: Path, root: Path | None = None) -> Path:
    """Copy everything a render reads (the book, every round's profile, data, notebooks, chapters) into
    `dest`, without generated files: a throw-away project for tests and benchmarks (VVV_ROOT=dest)."""
    import shutil

    root = root or project_root()
    dest.mkdir(parents=True, exist_ok=True)
    for config in [*sorted(root.glob("_quarto*.yml")), root / "index.qmd"]:
        shutil.copy2(config, dest / config.name)
    for folder in SOURCE_FOLDERS:
        shutil.copytree(root / folder, dest / folder, ignore=shutil.ignore_patterns(*GENERATED))
    return dest
