"""Figure text never overlaps, is never crossed by a line and is never cut short with '…' (issue 23 item 6,
issue 24 item 1): every figure of both rounds, measured on the laid-out figure (the SVG's text boxes)."""

from __future__ import annotations

import importlib
import inspect
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


# --- the phone variant of a figure of several panels (style.panels, style.finish) -------------------------------
PHONE_CASES = [(r, m, f) for r, m, f in CASES
               if "layout" in inspect.signature(getattr(importlib.import_module(f"vvvanalysis.outputs.{m}"), f)).parameters]


def _drawn(fig) -> dict:
    """What a reader gets from a figure, wherever its panels stand: each axes' texts (with the ids finish gives
    them, which trace.exhibits marks with their data rows), tick labels, legend entries, the figure's own texts
    and the source line."""
    from vvvanalysis.trace.exhibits import figure_labels

    legends = [ax.get_legend() for ax in fig.axes] + list(fig.legends)
    # (not the fingerprint of the drawing, 'a<axes>d': a stacked panel is drawn at another size)
    labels = {position: text for position, text in figure_labels(fig).items() if not position.endswith("d")}
    return {"labels": labels, "ids": [t.get_gid() for ax in fig.axes for t in ax.texts],
            "ylabels": [ax.get_ylabel() for ax in fig.axes], "titles": [ax.get_title() for ax in fig.axes],
            "legend": [t.get_text() for lg in legends if lg for t in lg.get_texts()],
            "marks": [t.get_text() for t in fig.texts], "source": fig._vvv_source_note}


def test_the_figures_of_several_panels_offer_a_phone_layout():
    assert {(r, f) for r, _m, f in PHONE_CASES} == {("midterm", "fig_deltagere"), ("final", "fig_deltagere"),
                                                     ("final", "figur_omfang")}


@pytest.mark.parametrize(("round_name", "module", "function"), PHONE_CASES,
                         ids=[f"{r}-{f}" for r, _m, f in PHONE_CASES])
def test_phone_layout_stacks_the_panels_and_prints_the_same(round_name, module, function, contexts):
    from vvvanalysis.style import PHONE, PHONE_WIDTH

    make = getattr(importlib.import_module(f"vvvanalysis.outputs.{module}"), function)
    wide, phone = make(contexts[round_name]), make(contexts[round_name], PHONE)
    try:
        assert text_faults(phone) == []
        assert _drawn(phone) == _drawn(wide)
        assert phone.get_figwidth() == PHONE_WIDTH
        boxes = [ax.get_position() for ax in phone.axes]
        rows = sorted({round(b.y0, 3) for b in boxes})
        assert len(rows) >= 2 and all(sum(round(b.y0, 3) == y for b in boxes) <= 2 for y in rows)
        assert len({round(ax.get_position().y0, 3) for ax in wide.axes}) == 1   # wide: one row
        # the saved phone figure (bbox tight, as the notebook stores it) is no wider than a phone's column
        phone.canvas.draw()
        tight = phone.get_tightbbox(phone.canvas.get_renderer())
        assert tight.width + 2 * plt.rcParams["savefig.pad_inches"] <= PHONE_WIDTH * 1.02
    finally:
        plt.close(wide)
        plt.close(phone)
