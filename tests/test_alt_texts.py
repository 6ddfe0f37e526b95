"""Figure alternative texts that depend on the data are written from the round's data, and say what the figure
of THAT round draws: a shared notebook's fixed sentence described the midterm's years and missing answers in
the final report too."""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import nbformat  # noqa: E402
import pytest  # noqa: E402
from conftest import ROOT  # noqa: E402

from vvvanalysis import alt_texts  # noqa: E402
from vvvanalysis.keyfigures import keyfigures  # noqa: E402
from vvvanalysis.literal import plain  # noqa: E402
from vvvanalysis.notebook import setup  # noqa: E402
from vvvanalysis.outputs import boligomraader, kommuner, kurser, matches  # noqa: E402

ROUNDS = ["midterm", "final"]


@pytest.fixture(scope="module", params=ROUNDS)
def round_(request):
    return request.param, setup(request.param, str(ROOT / "data" / request.param))


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_shared_notebooks_name_the_rounds_alt_text_for_every_data_dependent_figure():
    cells = {}
    for path in (ROOT / "notebooks").glob("*.ipynb"):
        for cell in nbformat.read(path, as_version=4).cells:
            label = re.search(r"^#\| label: (\S+)", cell.source, re.M) if cell.cell_type == "code" else None
            if label:
                cells[label.group(1)] = cell.source
    values = keyfigures("midterm")
    for label in alt_texts.BY_LABEL:
        key = alt_texts.key(label)
        assert f'#| fig-alt: "{{{{< meta v.{key} >}}}}"' in cells[label], label
        assert key in values


@pytest.mark.parametrize("func, answers", [(kommuner.fig_henvisning, alt_texts.henvisning),
                                           (kommuner.fig_andet_samarbejde, alt_texts.andet_samarbejde)])
def test_answer_figures_mention_an_unknown_rest_exactly_when_they_draw_one(round_, func, answers):
    name, ctx = round_
    ax = func(ctx).axes[0]
    text = answers(name)
    drawn = [t.get_text() for t in ax.get_yticklabels() if "ikke oplyst" not in t.get_text()]
    assert alt_texts.joined(drawn) in text
    assert bool([p for p in ax.patches if p.get_hatch()]) == (alt_texts.UNKNOWN_REST in text), (name, text)


def test_participants_alt_names_the_years_drawn_and_those_marked_ikke_oplyst(round_):
    name, ctx = round_
    fig = matches.fig_deltagere(ctx)
    text = alt_texts.deltagere(name)
    left, right = text.split("; det andet viser ")
    for ax, part in zip(fig.axes, (left, right)):
        xs = sorted({int(round(p.get_x() + p.get_width() / 2)) for p in ax.patches})
        missing = sorted(int(round(t.get_position()[0])) for t in ax.texts if t.get_text() == "ikke\noplyst")
        for year in xs:
            assert str(year) in part, (name, year, part)
        if missing:
            assert part.rstrip(".").endswith(f"{alt_texts.joined([str(y) for y in missing])} ikke oplyst"), part
        else:
            assert "ikke oplyst" not in part


@pytest.mark.parametrize("func, alt", [(kurser.fig_viden, alt_texts.viden), (kurser.fig_redskaber, alt_texts.redskaber)])
def test_course_alt_lists_the_answer_categories_the_figure_draws(round_, func, alt):
    name, ctx = round_
    ax = func(ctx).axes[0]
    labels = [t.get_text().lower() for t in ax.get_yticklabels()]
    assert f"der {alt_texts.joined(labels, 'eller')} har fået" in alt(name)


def test_housing_alt_mentions_the_missing_part_exactly_when_it_is_drawn(round_):
    name, ctx = round_
    ax = boligomraader.fig_status(ctx).axes[0]
    assert bool([p for p in ax.patches if p.get_hatch()]) == ("mangler" in alt_texts.boligomraader(name))


def test_final_report_alt_texts_describe_the_final_data(rendered_final):
    html = (rendered_final / "output" / "final" / "vvv-final.html").read_text(encoding="utf-8")
    alts = {plain(a) for a in re.findall(r'<img[^>]*aria-label="([^"]*)"', html)}
    values = keyfigures("final")
    for label in alt_texts.BY_LABEL:
        assert plain(values[alt_texts.key(label)]) in alts, label
    assert not [a for a in alts if "{{<" in a or "notatet" in a or "første udgave" in a]
