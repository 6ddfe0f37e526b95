"""Rewrite single-quoted words in a round's chapter prose as Danish guillemets: 'godt' -> »godt«.

House style (docs/house-style.md): one kind of quotation marks in our own text. Apostrophes ('Røde Kors'',
'CV'er', '6.3.1's') are left alone: a quote opens after a space, '(' or line start and closes before a
space or punctuation. Shortcodes and attributes are never touched. Re-runnable (idempotent).
Usage: python tools/guillemets.py report/midterm/*.qmd
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

QUOTED = re.compile(r"(?<![\w'])'(?=\S)([^'\n{}<>]*?\S)'(?![\w])")
PROTECTED = re.compile(r"\{\{<.*?>\}\}|\{[#.][^}]*\}|title=\"[^\"]*\"")


def convert(text: str) -> str:
    out, last = [], 0
    for m in PROTECTED.finditer(text):
        out.append(QUOTED.sub(r"»\1«", text[last:m.start()]))
        out.append(m.group(0))
        last = m.end()
    out.append(QUOTED.sub(r"»\1«", text[last:]))
    return "".join(out)


if __name__ == "__main__":
    for name in sys.argv[1:]:
        path = Path(name)
        text = path.read_text(encoding="utf-8")
        new = convert(text)
        if new != text:
            path.write_text(new, encoding="utf-8")
            print(f"{name}: {sum(1 for _ in QUOTED.finditer(text))} quotations")
