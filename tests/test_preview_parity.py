"""The preview renders as the render does (issue 22): its page has the same text as the published HTML, with
citations and the reference list (citeproc) and the shared format filters (keyboard-scrollable tables)."""

from __future__ import annotations

import html as htmllib
import re


def _main_text(page: str) -> str:
    main = re.search(r"<main>(.*)</main>", page, re.S).group(1)
    main = re.sub(r"<(script|style)\b[^>]*>.*?</\1>", " ", main, flags=re.S)   # code, not page text
    text = htmllib.unescape(re.sub(r"<[^>]+>", " ", main)).replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip()


def test_preview_page_text_equals_the_rendered_html(rendered_midterm, tmp_path, monkeypatch):
    from vvvanalysis.preview.html import render_html
    from vvvanalysis.render.project import load_project

    monkeypatch.setenv("VVV_ROOT", str(rendered_midterm))
    project = load_project(rendered_midterm, "midterm")
    site = render_html(project, rendered_midterm / "_build" / "midterm" / "notebooks", tmp_path / "work",
                       tmp_path / "site", 1638230400)
    preview = (site / "index.html").read_text(encoding="utf-8")
    rendered = (rendered_midterm / "output" / "midterm" / "vvv-midterm.html").read_text(encoding="utf-8")
    assert "[@" not in _main_text(preview)                       # citations are formatted, not raw keys
    assert 'class="csl-entry"' in preview                        # and the reference list is there
    assert preview.count('class="table-scroll"') == rendered.count('class="table-scroll"') > 0
    assert _main_text(preview) == _main_text(rendered)
