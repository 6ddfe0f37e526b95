"""Data text in figures is literal: every string that reaches matplotlib prints as typed, whatever it holds.
Matplotlib reads '$…$' as mathtext ('\\', '^' and '_' then mean something, and a lone '$' fails inside the
notebook cell); style.apply_theme turns that off for every text of every figure (rcParams text.parse_math).

Every figure of both rounds is drawn with every one of its texts given mathtext's specials, and a planted '$'
in a scenario name (round.yml) and in a theory-of-change box (a quoted YAML text) is drawn as typed."""

from __future__ import annotations

import importlib
import shutil
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import pytest

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[1]
SPECIALS = " $x_1^2 \\alpha$ 5$ a\\b"
FIGURES = {   # every figure a notebook embeds: (round, module, function)
    ("midterm", "maalopfyldelse", "figur_fremskrivning"), ("midterm", "maalopfyldelse", "figur_maalopfyldelse"),
    ("midterm", "projekt", "fig_forandringsteori"), ("midterm", "kommuner", "fig_henvisning"),
    ("midterm", "kommuner", "fig_henvisningsrutiner"), ("midterm", "kommuner", "fig_andet_samarbejde"),
    ("midterm", "matches", "fig_deltagere"), ("midterm", "kurser", "fig_viden"), ("midterm", "kurser", "fig_redskaber"),
    ("midterm", "boligomraader", "fig_status"), ("final", "udvikling", "figur_omfang"),
    ("final", "udvikling", "figur_andele"), ("final", "opfoelgning", "figur_status"),
}


def _notebook_figures() -> set[tuple[str, str]]:
    import json
    import re

    found = set()
    for notebook in (ROOT / "notebooks").glob("*.ipynb"):
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
            source = "".join(cell["source"])
            if re.search(r"#\|\s*label:\s*fig-", source):
                found |= set(re.findall(r"outputs\.(\w+)\.(\w+)\(ctx", source) or re.findall(r"(\w+)\.(\w+)\(ctx", source))
    return found


def test_the_list_holds_every_figure_the_notebooks_embed():
    assert _notebook_figures() <= {(m, f) for _, m, f in FIGURES}, _notebook_figures()


def _texts(fig) -> list:
    return [t for t in fig.findobj(matplotlib.text.Text) if t.get_text()]


@pytest.fixture(scope="module")
def contexts():
    from vvvanalysis.notebook import setup

    return {name: setup(name, str(ROOT / "data" / name)) for name in ("midterm", "final")}


@pytest.mark.filterwarnings("ignore:Tight layout not applied")   # the appended specials make labels long
@pytest.mark.parametrize("round_name, module, function", sorted(FIGURES), ids=lambda v: v)
def test_every_text_of_every_figure_prints_as_typed(contexts, monkeypatch, round_name, module, function):
    original = matplotlib.text.Text.set_text
    monkeypatch.setattr(matplotlib.text.Text, "set_text",
                        lambda self, s: original(self, f"{s}{SPECIALS}" if s not in ("", None) else s))
    fig = getattr(importlib.import_module(f"vvvanalysis.outputs.{module}"), function)(contexts[round_name])
    try:
        fig.canvas.draw()   # mathtext would fail here on the lone '$'
        texts = _texts(fig)
        assert texts and all(t.get_text().endswith(SPECIALS) for t in texts)
        assert not [t.get_text() for t in texts if t.get_parse_math()]
    finally:
        plt.close("all")


def _copy(round_name: str, tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("VVV_ROOT", str(tmp_path))
    folder = tmp_path / "data" / round_name
    shutil.copytree(ROOT / "data" / round_name, folder)
    if (ROOT / "data" / "offentlige_kontaktdata.yaml").exists():
        shutil.copy(ROOT / "data" / "offentlige_kontaktdata.yaml", tmp_path / "data")
    return folder


@pytest.mark.parametrize("file, old, module, function", [
    ("round.yml", "Højere ophør", "maalopfyldelse", "figur_fremskrivning"),
    ("forandringsteori.yaml", "Psykosocial støtte", "projekt", "fig_forandringsteori"),
])
def test_a_planted_dollar_in_data_is_drawn_as_typed(tmp_path, monkeypatch, file, old, module, function):
    from vvvanalysis.notebook import setup

    folder = _copy("midterm", tmp_path, monkeypatch)
    path = folder / file
    text = path.read_text(encoding="utf-8")
    planted = old + " $5_000^2 \\\\ ren$ x"
    expected = planted.replace("\\\\", "\\") if file.endswith(".yaml") else planted
    assert old in text
    path.write_text(text.replace(old, planted, 1), encoding="utf-8")
    fig = getattr(importlib.import_module(f"vvvanalysis.outputs.{module}"), function)(setup("midterm", str(folder)))
    try:
        fig.canvas.draw()
        drawn = " ".join(t.get_text().replace("\n", " ") for t in _texts(fig))
        assert " ".join(expected.split()) in " ".join(drawn.split()), drawn
    finally:
        plt.close("all")
