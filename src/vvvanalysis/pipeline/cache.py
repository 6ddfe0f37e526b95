"""Tiny content-keyed stamps: a step whose inputs hash to the stamped key is skipped."""

from __future__ import annotations

from pathlib import Path

from vvvanalysis.pipeline.fingerprint import file_hash, package_hash, text_hash


class Stamp:
    def __init__(self, path: Path):
        self.path = path

    def matches(self, key: str) -> bool:
        return self.path.exists() and self.path.read_text(encoding="utf-8").split("\n", 1)[0] == key

    def payload(self) -> list[str]:
        """Lines stored after the key (e.g. the files a step produced)."""
        return [line for line in self.path.read_text(encoding="utf-8").split("\n")[1:] if line]

    def write(self, key: str, payload: list[str] | None = None) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text("\n".join([key, *(payload or [])]), encoding="utf-8")

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)


def data_key(folder: Path) -> str:
    """Every file of a round folder plus the package code: what validation and inline numbers depend on."""
    parts = [f"{p.name}={file_hash(p)}" for p in sorted(folder.iterdir()) if p.is_file()]
    return text_hash(package_hash(), *parts)


def files_key(paths: list[Path], *extra: str) -> str:
    return text_hash(*extra, *(f"{p.name}={file_hash(p)}" for p in sorted(paths)))
