"""`vvv keys`: the catalogue of a round's inline numbers, printed, measured again, or written to docs/noegletal.md."""

from __future__ import annotations

from pathlib import Path

from vvvanalysis.errors import ConfigError

DOC = Path("docs") / "noegletal.md"
ROUNDS = ("midterm", "final")


def noegletal_markdown(root: Path) -> str:
    from vvvanalysis.trace.catalogue import catalogue, markdown

    return markdown({r: catalogue(r, root) for r in ROUNDS if (root / "data" / r).is_dir()})


def keys(round_name: str | None, *, measure: bool = False, markdown: bool = False) -> int:
    from vvvanalysis.paths import project_root
    from vvvanalysis.trace.catalogue import catalogue, listing
    from vvvanalysis.trace.catalogue import measure as measure_rows

    root = project_root()
    if measure:
        if not round_name:
            raise ConfigError("--measure needs a round", hint="pass --round midterm (or final)")
        print(f"wrote {measure_rows(round_name, root)}")
        from vvvanalysis.trace.exhibits import measure as measure_exhibits

        print(f"wrote {measure_exhibits(round_name, root)}")   # the tables' cells and the figures' labels
    if markdown:
        path = root / DOC
        path.write_text(noegletal_markdown(root), encoding="utf-8")
        print(f"wrote {path}")
        return 0
    if not round_name:
        raise ConfigError("no round named", hint="pass --round midterm (or final), or --markdown")
    entries = catalogue(round_name, root)
    print(listing(entries), end="")
    print(f"{round_name}: {len(entries)} keys, {sum(1 for e in entries if e.rows)} with data rows, "
          f"{sum(1 for e in entries if e.uses)} printed by a chapter")
    return 0
