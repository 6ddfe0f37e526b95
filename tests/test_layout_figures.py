"""Figure text never overlaps, is never crossed by a line and is never cut short with '…' (issue 23 item 6,
issue 24 item 1): every figure of both rounds, measured on the laid-out figure (the SVG's text boxes)."""

from __future__ import annotations

import importlib
import json
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from vvvanalysis.notebook import setup  # noqa: E402
from vvvanalysis.style import apply_theme, text_faults  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def figures_of(round_name: str) -> list[tuple[str, str]]:
    """(module, function) of every figure the round's chapters embed: the notebooks they name, and the figure
    calls in those notebooks."""
    chapters = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "report" / round_name).glob("*.qmd"))
    found = []
    for notebook in sorted(set(re.findall(r"_executed/([\w-]+)\.ipynb", chapters))):
        cells = json.loads((ROOT / "notebooks" / f"{notebook}.ipynb").read_text(encoding="utf-8"))["cells"]
        code = "".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        found += re.findall(r"(\w+)\.(fig\w*)\(ctx\)", code)
    return sorted(set(found))


CASES = [(r, m, f) for r in ("midterm", "final") for m, f in figures_of(r)]


@pytest.fixture(scope="module")
def contexts():
    return {r: setup(r, str(ROOT / "data" / r)) for r in ("midterm", "final")}


def test_every_round_has_figures_to_check():
    assert len(figures_of("midterm")) >= 8 and len(figures_of("final")) >= 10


@pytest.mark.parametrize(("round_name", "module", "function"), CASES, ids=[f"{r}-{f}" for r, _m, f in CASES])
def test_figure_text_is_readable(round_name, module, function, contexts):
    fig = getattr(importlib.import_module(f"vvvanalysis.outputs.{module}"), function)(contexts[round_name])
    try:
        assert text_faults(fig) == []
    finally:
        plt.close(fig)


def test_text_check_catches_overlap_crossing_and_cut_labels():
    apply_theme()
    fig, ax = plt.subplots(figsize=(4, 2))
    ax.bar([0, 1], [5, 6])
    ax.set_xticks([0, 1], ["Jeg oplever, at …", "Nej"])
    ax.text(0, 5.2, "7.173 (52 %)")
    ax.text(0.05, 5.25, "6.063 (48 %)")                   # on top of the label before it
    ax.axhline(3, color="black")
    ax.text(0.6, 3, "Mål", va="center")                    # crossed by the target line
    faults = text_faults(fig)
    plt.close(fig)
    assert any("overlaps" in f for f in faults)
    assert any("crossed by a line" in f and "Mål" in f for f in faults)
    assert any("cut short" in f for f in faults)
