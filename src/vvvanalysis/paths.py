"""Where things live. The project root is found from the package location or VVV_ROOT."""

from __future__ import annotations

import os
import re
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
    """Resolve a round name ('midterm') or an explicit folder to data/<round>/, with a clear error."""
    candidate = Path(round_name)
    if candidate.is_dir() and (candidate / "round.yml").exists():
        return candidate.resolve()
    name = str(round_name)
    if not ROUND_NAME.match(name):
        raise ConfigError(f"'{name}' is not a valid round name", expected="lower-case letters, digits, '-' or '_'",
                          hint="name the folder under data/ like 'midterm' or 'final' and pass that name")
    path = data_root() / name
    if not (path / "round.yml").exists():
        rounds = ", ".join(known_rounds()) or "none"
        raise ConfigError(
            f"unknown round '{name}'",
            expected=f"one of: {rounds}",
            hint=f"create it with 'vvv new-round {name}' or pick an existing round",
        )
    return path.resolve()


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
