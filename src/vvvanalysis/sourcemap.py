"""From a line of a generated file (the assembled markdown, the typst file) back to the source that wrote it.

pandoc and typst report errors in files vvv generates; the user can only fix a chapter, an included file or a
data file. The generated line is matched against the sources by its longest run of words that one source line
also holds (markup and escapes ignored on both sides), so the message names that file and line instead.
"""

from __future__ import annotations

import re
from pathlib import Path

MARKUP = re.compile(r"[\\`*_{}\[\]<>#|~^\"'$]")
WORDS_MIN = 2


def _clean(line: str) -> str:
    return " ".join(MARKUP.sub(" ", line).split()).casefold()


def locate_text(generated_line: str, sources: list[Path]) -> tuple[Path | None, int | None]:
    """The (file, line) of the source line that shares the longest run of words with `generated_line`."""
    words = _clean(generated_line).split()
    if not words:
        return None, None
    cache: dict[Path, list[str]] = {}
    for path in sources:
        try:
            cache[path] = [_clean(line) for line in path.read_text(encoding="utf-8").splitlines()]
        except (OSError, UnicodeDecodeError):
            continue
    for size in range(len(words), WORDS_MIN - 1, -1):
        for start in range(0, len(words) - size + 1):
            needle = " ".join(words[start:start + size])
            if size == WORDS_MIN and len(needle) < 8:
                continue   # too short to tell one line from another
            for path, lines in cache.items():
                for number, line in enumerate(lines, start=1):
                    if needle in f" {line} " or needle in line:
                        return path, number
    return None, None


def line_of(path: Path, row: int | None) -> str:
    if row is None:
        return ""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return ""
    return lines[row - 1] if 0 < row <= len(lines) else ""
