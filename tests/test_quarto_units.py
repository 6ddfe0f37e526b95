"""The Quarto engine's own logic, without Quarto: error line, --to argument, staging, reproducibility
post-processing, figures from the engine that ran. (Rendering with real Quarto: test_quarto_engine.py.)"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from vvvanalysis.marks import EXAMPLE_MARK
from vvvanalysis.pipeline.publish import figures_of, publish
from vvvanalysis.render import quarto

ROOT = Path(__file__).resolve().parents[1]

# What Quarto 1.10.18 printed for a book without a root home page (colour codes and stack trace included).
QUARTO_STDERR = (
    "\x1b[1m\x1b[34m[ 1/12] index.qmd\x1b[39m\x1b[22m\n"
    "\x1b[91mERROR: Book contents must include a home page (e.g. index.md)\n\n"
    "Stack trace:\n    at bookRenderItems (file:///opt/quarto/src/project/types/book/book-config.ts:500:11)\x1b[39m\n"
)


def test_the_first_error_line_is_reported_without_colour_codes():
    assert quarto.first_error(QUARTO_STDERR) == "ERROR: Book contents must include a home page (e.g. index.md)"
    assert quarto.first_error("\x1b[91mdeno: boom\x1b[39m\n") == "deno: boom"   # no ERROR: line -> last line


def test_one_invocation_renders_one_format_or_all():
    assert quarto.to_argument(["pdf"]) == "typst"
    assert quarto.to_argument(["html"]) == "html"
    assert quarto.to_argument(["html", "pdf", "docx"]) == "all"
    assert quarto.to_argument(["html", "docx"]) == "all"   # Quarto 1.10 refuses "html,docx" in a book


def test_reproducible_removes_build_paths_and_random_ids(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    page = site / "kapitel.html"
    page.write_text(f'<div data-notebook="{tmp_path}/report/midterm/_executed/a.ipynb">'
                    '<div aria-describedby="fig-a-caption-0ceaefa1-69ba-4598-a22c-09a6ac19f8ca">'
                    '<x id="fig-a-caption-0ceaefa1-69ba-4598-a22c-09a6ac19f8ca">'
                    '<y id="tbl-b-caption-11111111-2222-3333-4444-555555555555">', encoding="utf-8")
    quarto.reproducible(site, tmp_path)
    text = page.read_text(encoding="utf-8")
    assert str(tmp_path) not in text
    assert 'data-notebook="report/midterm/_executed/a.ipynb"' in text
    assert text.count("fig-a-caption-vvv1") == 2 and "tbl-b-caption-vvv2" in text


def _notebook(path: Path, when: str) -> None:
    nb = {"cells": [{"cell_type": "code", "source": "#| label: figur-a\nshow()", "execution_count": 1,
                     "metadata": {"papermill": {"start_time": when}, "tags": []},
                     "outputs": [{"output_type": "display_data", "data": {"image/png": "iVBORw0KGgo="},
                                  "metadata": {}}]}],
          "metadata": {"papermill": {"start_time": when}, "kernelspec": {"name": "python3"}},
          "nbformat": 4, "nbformat_minor": 5}
    path.write_text(json.dumps(nb), encoding="utf-8")


def test_stage_moves_a_figures_phone_variant_out_of_the_notebook(tmp_path):
    """Quarto reads the figure alone (PDF and DOCX keep it wide); the phone variant is staged beside the round's
    generated files as <label>-phone.svg, where report/_filters/html.lua finds it by the cell's label."""
    from vvvanalysis.marks import PHONE_MIME

    build, chapters = tmp_path / "_build" / "r", tmp_path / "report" / "r"
    (build / "notebooks").mkdir(parents=True)
    chapters.mkdir(parents=True)
    _notebook(build / "notebooks" / "n.ipynb", "2026-12-01T22:12:22")
    nb = json.loads((build / "notebooks" / "n.ipynb").read_text(encoding="utf-8"))
    phone = '<svg xmlns="http://www.w3.org/2000/svg">\n <metadata>2026-12-01</metadata>\n <g id="vvv-a0t0"></g></svg>'
    nb["cells"][0]["outputs"].append({"output_type": "display_data", "data": {PHONE_MIME: phone}, "metadata": {}})
    (build / "notebooks" / "n.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    assert quarto.stage(chapters, build) == 2   # notebook, phone variant
    staged = (chapters / "_executed" / "n.ipynb").read_text(encoding="utf-8")
    assert PHONE_MIME not in staged and "image/png" in staged
    svg = (chapters / "_generated" / "figur-a-phone.svg").read_text(encoding="utf-8")
    assert '<g id="figur-a-a0t0">' in svg and "2026" not in svg   # the text's page id (trace), no date
    assert quarto.stage(chapters, build) == 0


def test_stage_copies_what_the_book_reads_without_wall_clock_times(tmp_path):
    build, chapters = tmp_path / "_build" / "r", tmp_path / "report" / "r"
    (build / "notebooks").mkdir(parents=True)
    (build / "generated").mkdir()
    chapters.mkdir(parents=True)
    (build / "generated" / "kolofon.md").write_text("Kolofon\n", encoding="utf-8")
    _notebook(build / "notebooks" / "n.ipynb", "2026-12-01T22:12:22")
    (chapters / "_executed").mkdir()
    (chapters / "_executed" / "gammel.ipynb").write_text("{}", encoding="utf-8")   # from an earlier round state
    assert quarto.stage(chapters, build) == 3   # notebook, colophon; stale notebook removed
    staged = (chapters / "_executed" / "n.ipynb").read_text(encoding="utf-8")
    assert "2026" not in staged and "papermill" not in staged and "figur-a" in staged
    assert not (chapters / "_executed" / "gammel.ipynb").exists()
    assert (chapters / "_generated" / "kolofon.md").read_text(encoding="utf-8") == "Kolofon\n"
    _notebook(build / "notebooks" / "n.ipynb", "2027-01-01T00:00:00")   # re-run: only the times differ
    assert quarto.stage(chapters, build) == 0
    assert quarto.stage(tmp_path / "report" / "ingen", build) == 0      # a round without chapters
    assert not (build / "reference.docx").exists()   # one writer of the reference document: docx_reference


def test_figures_are_published_from_the_engine_that_ran(tmp_path):
    work, out = tmp_path / "render", tmp_path / "output"
    (work / "media").mkdir(parents=True)
    (work / "media" / "figur-gammel.png").write_bytes(b"builtin")       # left by an earlier built-in render
    (work / "quarto-media").mkdir()
    (work / "quarto-media" / "figur-ny.png").write_bytes(b"quarto")
    assert [p.name for p in figures_of("quarto", work)] == ["figur-ny.png"]
    assert [p.name for p in figures_of("builtin", work)] == ["figur-gammel.png"]
    (out / "figurer").mkdir(parents=True)
    (out / "figurer" / "figur-gammel.png").write_bytes(b"builtin")
    publish({}, figures_of("quarto", work), out)
    assert sorted(p.name for p in (out / "figurer").iterdir()) == ["figur-ny.png"]


def test_the_quarto_example_mark_filter_prints_the_package_mark():
    lua = (ROOT / "report" / "_filters" / "example-mark.lua").read_text(encoding="utf-8")
    assert f'local MARK = "{EXAMPLE_MARK}"' in lua
    import yaml

    config = yaml.safe_load((ROOT / "_quarto.yml").read_text(encoding="utf-8"))
    assert "report/_filters/example-mark.lua" in config["filters"]
    assert config["crossref"]["chapters"] is True   # one numbering scheme: Figur 6.1, as Quarto books do
    assert "embed-resources" not in (config["format"]["html"] or {})   # a book embeds page into page


def test_one_html_per_round_whichever_engine_ran_last(tmp_path):
    work, out = tmp_path / "render", tmp_path / "output"
    site = work / "vvv-midterm-html"
    site.mkdir(parents=True)
    (site / "index.html").write_text("quarto", encoding="utf-8")
    single = work / "vvv-midterm.html"
    single.write_text("builtin", encoding="utf-8")
    out.mkdir()
    (out / "vvv-midterm.html").write_text("an earlier built-in render", encoding="utf-8")
    publish({"html": site}, [], out)
    assert sorted(p.name for p in out.iterdir()) == ["vvv-midterm-html"]
    publish({"html": single}, [], out)
    assert sorted(p.name for p in out.iterdir()) == ["vvv-midterm.html"]


def test_the_quarto_cover_filter_is_listed_and_titles_the_contents():
    import yaml

    config = yaml.safe_load((ROOT / "_quarto.yml").read_text(encoding="utf-8"))
    assert "report/_filters/book-front.lua" in config["filters"]
    assert config["format"]["typst"]["toc-title"] == config["language"]["toc-title-document"]


def test_an_unresolved_key_in_quarto_output_stops_naming_the_chapter_line(tmp_path, monkeypatch):
    """Quarto prints '?meta:KEY' for an unknown key and exits 0; vvv refuses to publish, naming file and line."""
    import pytest

    from vvvanalysis.errors import RenderError
    from vvvanalysis.render.project import Project

    monkeypatch.setenv("VVV_ROOT", str(tmp_path))
    chapter = tmp_path / "report" / "r" / "01-a.qmd"
    chapter.parent.mkdir(parents=True)
    chapter.write_text("# A {#sec-a}\n\nTekst.\n\nI alt {{< meta v.findes_ikke >}} deltagere, se @fig-mangler.\n",
                       encoding="utf-8")
    project = Project(root=tmp_path, profile="r", config={"book": {"chapters": ["report/r/01-a.qmd"]}})
    out = tmp_path / "_build" / "r" / "quarto"
    (out / "report" / "r").mkdir(parents=True)
    page = out / "report" / "r" / "01-a.html"
    page.write_text("<script>a ?? b</script><p>I alt <strong>?meta:v.findes_ikke</strong> deltagere</p>",
                    encoding="utf-8")
    with pytest.raises(RenderError) as caught:
        quarto.check_resolved(project, out, "")
    assert caught.value.file == str(chapter) and caught.value.row == 5 and "?meta:v.findes_ikke" in caught.value.message
    page.write_text("<p>I alt 7 deltagere, se <strong>?@fig-mangler</strong></p>", encoding="utf-8")
    with pytest.raises(RenderError) as caught:
        quarto.check_resolved(project, out, "")
    assert caught.value.file == str(chapter) and caught.value.row == 5
    page.write_text("<script>x = a ?? b</script><p>I alt 7 deltagere.</p>", encoding="utf-8")
    quarto.check_resolved(project, out, "")   # script code is not text: no error


def test_switching_engines_leaves_only_the_new_engines_files(tmp_path):
    """Quarto then built-in, and back: output/<round>/ holds exactly the files of the engine that ran last."""
    out = tmp_path / "output"

    def render(engine: str, names: list[str]) -> dict[str, Path]:
        work = tmp_path / f"work-{engine}"
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir()
        files = {}
        for name in names:
            path = work / name
            if name.endswith("-html"):
                path.mkdir()
                (path / "index.html").write_text(engine, encoding="utf-8")
            else:
                path.write_text(f"Motor:                  {engine} 1\n" if name == "kolofon.txt" else engine,
                                encoding="utf-8")
            files[name] = path
        return files

    quarto_files = ["vvv-r-html", "vvv-r.pdf", "vvv-r.docx", "kolofon.txt"]
    builtin_files = ["vvv-r.html", "kolofon.txt"]   # e.g. --to html
    publish(render("quarto", quarto_files), [], out, engine="quarto")
    assert sorted(p.name for p in out.iterdir()) == sorted(quarto_files)
    publish(render("builtin", builtin_files), [], out, engine="builtin")
    assert sorted(p.name for p in out.iterdir()) == sorted(builtin_files)   # no Quarto PDF or DOCX beside it
    assert all(p.read_text(encoding="utf-8").startswith(("builtin", "Motor:                  builtin"))
               for p in out.iterdir())
    publish(render("quarto", quarto_files), [], out, engine="quarto")
    assert sorted(p.name for p in out.iterdir()) == sorted(quarto_files)
    publish(render("quarto", ["vvv-r.pdf", "kolofon.txt"]), [], out, engine="quarto")   # same engine, one format
    assert sorted(p.name for p in out.iterdir()) == sorted(quarto_files)


def test_both_engines_read_one_list_of_filters_and_house_settings():
    """_quarto.yml lists the format filters and the house typst/CSS files once; the built-in engine reads the same
    list, in the same order, without Quarto's own `quarto` entry; only the Quarto emulation is built-in-only."""
    import yaml

    from vvvanalysis.render import builtin
    from vvvanalysis.render.project import load_project

    config = yaml.safe_load((ROOT / "_quarto.yml").read_text(encoding="utf-8"))
    project = load_project(ROOT, "midterm")
    listed = [ROOT / f for f in config["filters"] if f != "quarto"]
    assert builtin.shared_filters(project) == listed
    assert config["filters"].index("quarto") < config["filters"].index("report/_filters/typst.lua")
    for name in ("typst.lua", "html.lua", "docx.lua", "example-mark.lua"):
        assert ROOT / "report" / "_filters" / name in listed
    assert sorted(p.name for p in builtin.ASSETS.iterdir() if p.name.endswith(".lua")) == [
        "callouts.lua", "quarto-subset.lua", "typst-header.lua"]
    assert builtin.typst_includes(project) == [ROOT / "report" / "_typst" / "house.typ"]
    assert config["format"]["typst"]["include-in-header"] == "report/_typst/house.typ"
    assert config["format"]["typst"]["pdf-standard"] == "ua-1"
    assert builtin.html_styles(project) == [ROOT / "report" / "_html" / "house.css"]


def test_quarto_docx_chapter_headings_read_as_the_builtin_ones():
    from vvvanalysis.render.quarto_docx import appendix_word, harmonise_headings

    def para(style: str, text: str) -> str:
        return f'<w:p><w:pPr><w:pStyle w:val="{style}" /></w:pPr><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'

    xml = "".join([para("Heading1", "1. Forord"), para("TOC1", "Appendix A — Datanoter"),
                   para("Heading1", "Appendix B — Datakilder"), para("BodyText", "2. januar blev alt godt."),
                   '<pic:cNvPr descr="/opt/quarto/share/formats/docx/important.png" id="25" name="Picture" />'])
    out = harmonise_headings(xml, appendix_word(ROOT))
    assert para("Heading1", "1 Forord") in out and para("TOC1", "Bilag\u00a0A: Datanoter") in out
    assert para("Heading1", "Bilag\u00a0B: Datakilder") in out
    assert para("BodyText", "2. januar blev alt godt.") in out          # only chapter headings and their entries
    assert 'descr=""' in out and "important.png" not in out
