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


def tracked(func):
    """Run `func` recording every data file it reads (vvvanalysis.tracking); returns (result, {path: hash}).

    Like a notebook's depfile: a step's inputs are what it actually read, wherever that is (round.yml, the
    previous round's data a comparison reads), not a guess made by folder."""
    import os
    import tempfile

    from vvvanalysis.tracking import ENV, read_log

    saved = os.environ.get(ENV)
    with tempfile.TemporaryDirectory(prefix="vvv-reads-") as tmp:
        log = Path(tmp) / "reads"
        os.environ[ENV] = str(log)
        try:
            result = func()
        finally:
            if saved is None:
                os.environ.pop(ENV, None)
            else:
                os.environ[ENV] = saved
        reads = {_portable(p): file_hash(Path(p)) for p in read_log(log)}
    return result, reads


def _portable(path: str) -> str:
    from vvvanalysis.paths import project_root

    try:
        return Path(path).resolve().relative_to(project_root()).as_posix()
    except ValueError:
        return str(path)


class DepStamp:
    """A stamp that also holds the files a step read and their hashes: fresh only if the key matches and
    every one of those files is unchanged."""

    def __init__(self, path: Path):
        self.path = path

    def _load(self) -> dict | None:
        import json

        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def matches(self, key: str) -> bool:
        from vvvanalysis.paths import project_root

        stamp = self._load()
        if not stamp or stamp.get("key") != key:
            return False
        for rel, digest in stamp.get("reads", {}).items():
            full = project_root() / rel
            if not full.is_file() or file_hash(full) != digest:
                return False
        return True

    def payload(self) -> list[str]:
        return (self._load() or {}).get("payload", [])

    def write(self, key: str, reads: dict[str, str], payload: list[str] | None = None) -> None:
        import json

        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps({"key": key, "reads": reads, "payload": payload or []}, indent=1,
                                        sort_keys=True), encoding="utf-8")

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)
