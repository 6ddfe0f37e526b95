"""The report sources stay inside the Quarto subset both engines honour (docs/quarto-subset.md)."""

from pathlib import Path

import pytest

from vvvanalysis.errors import ConfigError
from vvvanalysis.render.subset import check_source

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted([ROOT / "index.qmd", *(ROOT / "report").rglob("*.qmd")])


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_every_chapter_is_inside_the_subset(path):
    check_source(path, path.read_text(encoding="utf-8"))


def test_there_are_chapters():
    assert len(SOURCES) >= 2


@pytest.mark.parametrize("snippet, what", [
    ("```{python}\nprint(1)\n```", "executable code cell"),
    ("Se {{< var x >}}.", "shortcode 'var'"),
    ("{{< pagebreak >}}", "shortcode 'pagebreak'"),
    ("Som @eq-one viser", "'@eq-'"),
    ("::: {.panel-tabset}\n:::", "class '.panel-tabset'"),
    ("::: {#fig-a layout-ncol=2}\n:::", "attribute 'layout-ncol'"),
    ("::: {#abc}\n:::", "id '#abc'"),
    ("# Titel {{< meta v.x >}}", "chapter title"),
    ("---\ntitle: x\n---\n# A", "front matter"),
    ("Tallet er `{python} 1+1`.", "inline code"),
    ("## Afsnit {.smaller}", "class '.smaller'"),
])
def test_features_outside_the_subset_are_refused_with_file_and_line(snippet, what):
    with pytest.raises(ConfigError) as err:
        check_source(Path("report/x.qmd"), "Indledning\n\n" + snippet if not snippet.startswith("---") else snippet)
    message = err.value.render()
    assert what in message
    assert "report/x.qmd" in message
    assert "row " in message


@pytest.mark.parametrize("snippet", [
    "Se @fig-henvisning og @tbl-a og @sec-b og [-@sec-b].",
    "::: {#fig-henvisning}\n{{< embed _executed/a.ipynb#x >}}\n\nTekst\n:::",
    '::: {.callout-note title="Opsummering"}\n- punkt\n:::',
    "## Overskrift {#sec-x .unnumbered}",
    "Skriv til info@example.org",
])
def test_supported_features_pass(snippet):
    check_source(Path("report/x.qmd"), snippet)
