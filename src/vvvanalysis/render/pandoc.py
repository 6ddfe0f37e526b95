"""The pinned pandoc: both engines' helpers (the built-in engine, the DOCX reference document, the preview and the
colophon) run exactly this binary. A leaf module, so none of them imports another engine to find it."""

from __future__ import annotations

import os
import subprocess
from functools import lru_cache
from pathlib import Path

from vvvanalysis.errors import ConfigError


@lru_cache(maxsize=1)
def pandoc_path() -> str:
    """The pandoc of the pinned pypandoc_binary wheel, by absolute path: never whatever PATH offers (pypandoc
    itself would prefer a newer pandoc found on PATH, and the bytes would then depend on the machine)."""
    import pypandoc

    bundled = Path(pypandoc.__file__).resolve().parent / "files" / "pandoc"
    if not (bundled.is_file() and os.access(bundled, os.X_OK)):
        raise ConfigError("the pinned pandoc of the pypandoc_binary wheel is missing", file=bundled,
                          hint="reinstall the pinned dependencies with 'make setup'")
    return str(bundled)


@lru_cache(maxsize=1)
def pandoc_version() -> str:
    out = subprocess.run([pandoc_path(), "--version"], capture_output=True, text=True, check=True).stdout
    return out.splitlines()[0].split()[-1]
