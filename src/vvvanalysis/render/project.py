"""Reads the Quarto book config (_quarto.yml merged with the round's profile), as Quarto would."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from vvvanalysis.errors import ConfigError


EMBED = re.compile(r"_executed/([\w.-]+\.ipynb)#")
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

    @property
    def round_dir(self) -> Path:
        """report/<round>/: the round's own chapter files; Quarto finds its executed notebooks in _executed/ and
        its generated files (colophon) in _generated/ beside them."""
        return self.root / "report" / self.profile

    def sources(self) -> list[Path]:
        """Every report source file of the round's book, in reading order: each chapter, then the files it
        includes (e.g. a shared unit under report/_shared/), as both engines expand them."""
        out: list[Path] = []
        for chapter in [*self.chapters, *self.appendices]:
            self._collect(chapter, out)
        return out

    def _collect(self, path: Path, out: list[Path]) -> None:
        from vvvanalysis.data.readers import read_prose

        if path in out or not os.path.lexists(path):
            return
        out.append(path)
        for inc in INCLUDE.findall(read_prose(path)):   # refuses a FIFO, a link out of the project, non-UTF-8
            if not inc.startswith("_generated/"):   # written by the render itself
                self._collect((path.parent / inc).resolve(), out)

    def notebooks(self) -> set[str]:
        """Names of the notebooks the book embeds (_executed/NAME.ipynb#label): a round runs only these, so a
        chapter only one round has (final: 08-udvikling) does not run for the other rounds."""
        from vvvanalysis.data.readers import read_prose

        names: set[str] = set()
        for path in self.sources():
            names.update(EMBED.findall(read_prose(path)))
        return names

    def metadata(self) -> dict:
        """Document metadata as Quarto sees it: top-level keys, book title/author, then metadata-files."""
        meta = {k: v for k, v in self.config.items() if k not in {"project", "book", "format", "metadata-files"}}
        book = self.config.get("book", {})
        for key in ("title", "subtitle", "author", "date"):
            if key in book:
                meta[key] = book[key]
        for path in self.metadata_files:
            meta = deep_merge(meta, _read_yaml(path))
        lifted = {key: book[key] for key in ("title", "subtitle", "author", "date") if key in book}
        for key, value in (meta.pop("book", None) or {}).items():   # a metadata file's book: title page facts
            if key in ("title", "subtitle", "author", "date"):
                meta[key] = lifted[key] = value
        meta["book"] = lifted   # {{< meta book.subtitle >}}, as Quarto reads it (its `subtitle` is the cover's only)
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
