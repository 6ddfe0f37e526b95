"""DOCX layout (issue 23 item 6): Word fills the contents page numbers on open (w:updateFields), the text face
has a metric-compatible free stand-in (no theme face such as Aptos left), and the settings stay in schema order
(Word refuses a settings part out of order). Checked on a small document pandoc writes with the reference
document, as the built-in engine does."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

from vvvanalysis.render.builtin import READER, pandoc_path
from vvvanalysis.render.docx_reference import BODY_FONT, SETTINGS_ORDER, write_reference

ROOT = Path(__file__).resolve().parents[1]
FREE_STAND_INS = {"Calibri": "Carlito", "Cambria": "Caladea", "Arial": "Liberation Sans",
                  "Times New Roman": "Liberation Serif", "Consolas": None}


def _docx(tmp_path):
    reference = write_reference(tmp_path / "ref.docx", pandoc_path(), title="T", round_label="R", example_data=False)
    out = tmp_path / "t.docx"
    subprocess.run([pandoc_path(), "-f", READER, "--lua-filter", str(ROOT / "report" / "_filters" / "docx.lua"), "-t", "docx",
                    "--reference-doc", str(reference), "-o", str(out)],
                   input="# Kapitel\n\nTekst med en fodnote.[^1]\n\n[^1]: Noten.\n", text=True, check=True)
    with zipfile.ZipFile(out) as docx:
        return {name: docx.read(name).decode("utf-8") for name in
                ("word/settings.xml", "word/styles.xml", "word/theme/theme1.xml")}


def settings_out_of_order(settings_xml: str) -> list[str]:
    names = [n for n in re.findall(r"<w:(\w+)[ />]", settings_xml) if n in SETTINGS_ORDER]
    ranks = [SETTINGS_ORDER.index(n) for n in names]
    return [names[i] for i in range(1, len(ranks)) if ranks[i] < ranks[i - 1]]


def test_word_updates_the_fields_on_open(tmp_path):
    parts = _docx(tmp_path)
    assert re.search(r'<w:updateFields w:val="(true|1|on)"\s*/>', parts["word/settings.xml"])
    assert "<w:autoHyphenation" in parts["word/settings.xml"]
    assert settings_out_of_order(parts["word/settings.xml"]) == []


def test_settings_order_check_catches_a_setting_out_of_place():
    assert settings_out_of_order("<w:settings><w:updateFields w:val=\"true\"/><w:defaultTabStop/>"
                                 "</w:settings>") == ["defaultTabStop"]


def test_every_face_has_a_free_metric_compatible_stand_in(tmp_path):
    parts = _docx(tmp_path)
    styles, theme = parts["word/styles.xml"], parts["word/theme/theme1.xml"]
    assert not re.search(r'w:(ascii|hAnsi)Theme=', styles), "a style still takes the theme's face"
    faces = set(re.findall(r'w:(?:ascii|hAnsi)="([^"]+)"', styles))
    faces |= set(re.findall(r'<a:latin typeface="([^"]*)"', theme))
    assert BODY_FONT in faces
    assert faces <= set(FREE_STAND_INS), faces - set(FREE_STAND_INS)
