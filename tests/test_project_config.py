"""The Quarto project model: profile merge semantics as Quarto's, chapters in order."""

from pathlib import Path

import pytest

from vvvanalysis.errors import ConfigError
from vvvanalysis.render.project import deep_merge, load_project

ROOT = Path(__file__).resolve().parents[1]


def test_profiles_merge_maps_and_append_lists_like_quarto():
    base = {"book": {"title": "A", "chapters": ["index.qmd", "a.qmd"]}, "toc": True}
    profile = {"book": {"chapters": ["extra.qmd"]}, "toc": False, "project": {"output-dir": "x"}}
    merged = deep_merge(base, profile)
    assert merged["book"] == {"title": "A", "chapters": ["index.qmd", "a.qmd", "extra.qmd"]}
    assert merged["toc"] is False and merged["project"] == {"output-dir": "x"}


def test_midterm_profile_loads_and_every_listed_chapter_exists():
    project = load_project(ROOT, "midterm")
    assert project.chapters[0].name == "index.qmd"
    for chapter in project.chapters + project.appendices:
        assert chapter.exists(), chapter
    assert project.config["project"]["output-dir"] == "_build/midterm/quarto"
    assert project.language["crossref-sec-prefix"] == "afsnit"


def test_unknown_profile_is_a_clear_error():
    with pytest.raises(ConfigError, match="no Quarto profile for round 'nope'"):
        load_project(ROOT, "nope")


def test_publish_replaces_a_website_folder_and_files(tmp_path):
    from vvvanalysis.pipeline.publish import publish

    build, out = tmp_path / "build", tmp_path / "out"
    site = build / "vvv-x-html"
    site.mkdir(parents=True)
    (site / "index.html").write_text("ny")
    pdf = build / "vvv-x.pdf"
    pdf.write_bytes(b"%PDF")
    (out / "vvv-x-html").mkdir(parents=True)
    (out / "vvv-x-html" / "gammel.html").write_text("gammel")
    written = publish({"html": site, "pdf": pdf}, [], out)
    assert sorted(p.name for p in written) == ["vvv-x-html", "vvv-x.pdf"]
    assert (out / "vvv-x-html" / "index.html").read_text() == "ny"
    assert not (out / "vvv-x-html" / "gammel.html").exists()
    assert sorted(p.name for p in out.iterdir()) == ["vvv-x-html", "vvv-x.pdf"]
