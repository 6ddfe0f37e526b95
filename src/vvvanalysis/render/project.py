"""Reads the Quarto book config (_quarto.yml merged with the round's profile), as Quarto would."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from vvvanalysis.errors import ConfigError


EMBED = re.compile(r"_executed/([\w.-]+\.ipynb)#")
PROSE_DIR = "_tekst"    # chapters include _tekst/NAME.md: the round's own prose, data/<round>/tekst/NAME.md
INCLUDE = re.compile(r"\{\{<\s*include\s+([^\s>]+)\s*>\}\}")


def _read_yaml(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise ConfigError("is missing", file=path) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ConfigError("is not valid YAML", file=path, row=None if mark is None else mark.line + 1,
                          hint="check indentation, the ':' after each key and quoting") from None
    if not isinstance(data, dict):
        raise ConfigError("must be a YAML mapping", file=path, hint="write 'key: value' lines, as in _quarto.yml")
    return data


def deep_merge(base: dict, override: dict) -> dict:
    """Quarto's profile merge: maps merge key by key, lists concatenate (a profile appends chapters),
    scalars in the override replace."""
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = deep_merge(out[key], value)
        elif isinstance(value, list) and isinstance(out.get(key), list):
            out[key] = [*out[key], *value]
        else:
            out[key] = value
    return out


@dataclass
class Project:
    root: Path
    profile: str
    config: dict

    @property
    def chapters(self) -> list[Path]:
        return [self.root / c for c in _flatten(self.config.get("book", {}).get("chapters", []))]

    @property
    def appendices(self) -> list[Path]:
        return [self.root / c for c in _flatten(self.config.get("book", {}).get("appendices", []) or [])]

    @property
    def metadata_files(self) -> list[Path]:
        return [self.root / f for f in self.config.get("metadata-files", []) or []]

    @property
    def language(self) -> dict:
        return self.config.get("language", {}) or {}

    def notebooks(self) -> set[str]:
        """Names of the notebooks the book embeds (_executed/NAME.ipynb#label): a round runs only these, so a
        chapter one round appends (final: 08-udvikling) does not run for the other rounds."""
        names: set[str] = set()
        todo, seen = [*self.chapters, *self.appendices], set()
        while todo:   # chapters and the files they include (report/_x.qmd), as the engines expand them
            path = todo.pop()
            if path in seen or not path.is_file():
                continue
            seen.add(path)
            text = path.read_text(encoding="utf-8")
            names.update(EMBED.findall(text))
            todo.extend(self._round_path((path.parent / inc).resolve()) for inc in INCLUDE.findall(text))
        return names

    @property
    def prose_folder(self) -> Path:
        """Where the round keeps the prose its chapters include as report/_tekst/ (both engines map it)."""
        return self.root / "data" / self.profile / "tekst"

    def _round_path(self, path: Path) -> Path:
        prose = (self.root / "report" / PROSE_DIR).resolve()
        return self.prose_folder / path.relative_to(prose) if path.is_relative_to(prose) else path

    def metadata(self) -> dict:
        """Document metadata as Quarto sees it: top-level keys, book title/author, then metadata-files."""
        meta = {k: v for k, v in self.config.items() if k not in {"project", "book", "format", "metadata-files"}}
        book = self.config.get("book", {})
        for key in ("title", "subtitle", "author", "date"):
            if key in book:
                meta[key] = book[key]
        for path in self.metadata_files:
            meta = deep_merge(meta, _read_yaml(path))
        return meta


def _flatten(items) -> list[str]:
    out = []
    for item in items or []:
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict) and "chapters" in item:  # a book part
            out.extend(_flatten(item["chapters"]))
        elif isinstance(item, dict) and "href" in item:
            out.append(item["href"])
    return out


def load_project(root: Path, profile: str) -> Project:
    config = _read_yaml(root / "_quarto.yml")
    profile_file = root / f"_quarto-{profile}.yml"
    if not profile_file.exists():
        raise ConfigError(f"no Quarto profile for round '{profile}'", file=profile_file,
                          hint=f"create it with 'vvv new-round {profile}'")
    config = deep_merge(config, _read_yaml(profile_file))
    return Project(root=root, profile=profile, config=config)
