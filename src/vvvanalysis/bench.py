"""`make bench`: render times of one round measured in one run on this machine, printed as ratios.

Absolute seconds are noisy across machines; the ratios to the cold render are what the targets are
about (issue 8): no-op <= 10 % of cold, prose-only edit <= 15 % of cold, cold <= 30 s on 2 cores.
Runs in a throw-away copy of the project so caches start empty and the working tree is untouched.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from vvvanalysis.paths import copy_sources

TARGETS = {"no-op": 0.10, "prose-only edit": 0.15}
COLD_TARGET = 30.0


def _render(project: Path, round_name: str) -> float:
    env = dict(os.environ, VVV_ROOT=str(project), SOURCE_DATE_EPOCH="1638230400")
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "vvvanalysis", "render", "--round", round_name, "--engine", "builtin"],
                          cwd=project, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"bench: render failed:\n{proc.stderr}")
    return seconds


def _floor(project: Path, round_name: str) -> float:
    """The built-in engine alone (assemble, pandoc, typst) on executed notebooks: what any render costs."""
    from vvvanalysis.render import builtin
    from vvvanalysis.render.project import load_project

    project_model = load_project(project, round_name)
    work = project / "_build" / round_name / "render"
    start = time.perf_counter()
    builtin.render(project_model, project / "_build" / round_name / "notebooks", work, ["html", "docx", "pdf"],
                   "floor", 0, force=True)
    return time.perf_counter() - start


def _quarto_beside(project: Path, round_name: str, floor: float) -> None:
    """When Quarto is on PATH: the Quarto engine alone on the same executed notebooks (one `quarto render`
    for all formats), beside the built-in engine's floor, and the ratio (issue 13)."""
    import shutil

    if shutil.which("quarto") is None:
        print("\n  Quarto engine: not measured ('quarto' is not on PATH)")
        return
    from vvvanalysis.render import quarto
    from vvvanalysis.render.project import load_project

    start = time.perf_counter()
    quarto.render(load_project(project, round_name), project / "_build" / round_name / "notebooks",
                  project / "_build" / round_name / "render", ["html", "docx", "pdf"], "quarto-bench", 0)
    seconds = time.perf_counter() - start
    print(f"\n  Quarto engine alone (quarto {quarto.version()}): {seconds:.2f} s, built-in engine alone: "
          f"{floor:.2f} s, ratio {seconds / floor:.1f}×")


def _prose_edit(project: Path) -> None:
    chapter = project / "report" / "01-forord.qmd"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nEn ekstra sætning fra benchmarken.\n",
                       encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--round", default="midterm")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="vvv-bench-") as tmp:
        project = Path(tmp)
        copy_sources(project)
        print(f"Benchmark: round '{args.round}', all formats, built-in engine, {os.cpu_count()} cores")
        cold = _render(project, args.round)
        noop = _render(project, args.round)
        _prose_edit(project)
        prose = _render(project, args.round)
        floor = _floor(project, args.round)
        _quarto_beside(project, args.round, floor)
    rows = [("cold render (caches empty)", cold), ("no-op", noop), ("prose-only edit", prose),
            ("floor: render engine alone", floor)]
    print(f"\n  {'step':<30} {'seconds':>8} {'ratio to cold':>14} {'target':>8}")
    ok = True
    for name, seconds in rows:
        key = name.split(" (")[0] if name != "no-op" else name
        target = TARGETS.get(key)
        mark = ""
        if target is not None:
            mark = f"≤ {target:.0%}" + (" ok" if seconds / cold <= target else " MISSED")
            ok &= seconds / cold <= target
        elif name.startswith("cold"):
            mark = f"≤ {COLD_TARGET:.0f} s" + (" ok" if cold <= COLD_TARGET else " MISSED")
            ok &= cold <= COLD_TARGET
        print(f"  {name:<30} {seconds:8.2f} {seconds / cold:14.1%} {mark:>8}")
    print("\nall targets met" if ok else "\nsome targets missed (see above)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
