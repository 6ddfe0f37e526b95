"""Which chapter lines and notebooks print which inline key: the one scan of `{{< meta v.KEY >}}`.

Its own module because the key families (keyfigures.on_demand) ask it which members to make, and the catalogue,
which measures keys by running keyfigures, asks it too: here it depends on neither."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

USE = re.compile(r"\{\{<\s*meta\s+v\.([\w]+)\s*>\}\}")
NOTEBOOK_USE = re.compile(r"v\.([a-z][\w]*)")


@dataclass(frozen=True)
class Place:
    file: str      # project-relative, e.g. report/midterm/02-fund-og-anbefalinger.qmd
    line: int


def uses(round_name: str, root: Path) -> dict[str, list[Place]]:
    """key -> every chapter line (report/<round>/*.qmd, in file order) and notebook that prints it."""
    found: dict[str, list[Place]] = {}
    for path in sorted((root / "report" / round_name).glob("*.qmd")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for key in USE.findall(line):
                found.setdefault(key, []).append(Place(str(path.relative_to(root)), number))
    return found


def notebook_keys(root: Path) -> set[str]:
    """Keys the notebooks name (a figure's alt text may print a value): used, though by no chapter line."""
    keys: set[str] = set()
    for path in sorted((root / "notebooks").glob("*.ipynb")):
        keys |= set(NOTEBOOK_USE.findall(path.read_text(encoding="utf-8")))
    return keys
