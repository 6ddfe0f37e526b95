"""The report's professional matter from round.yml (issue 11, part A): cover label, date precision, edition,
signatory and evaluation team; formatted by danish.report_date and entered as literal text."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from vvvanalysis import danish
from vvvanalysis.config import load_config
from vvvanalysis.errors import ConfigError
from vvvanalysis.keyfigures import forord
from vvvanalysis.report_values import round_metadata


def test_report_date_month_precision():
    assert danish.report_date(dt.date(2021, 11, 1), "month") == "November 2021"
    assert danish.report_date(dt.date(2021, 11, 30), "month") == "November 2021"   # the day is never printed
    assert danish.report_date(dt.date(2021, 11, 30)) == "30. november 2021"


def test_midterm_cover_and_forord_from_round_data():
    cfg = load_config("midterm")
    meta = round_metadata(cfg)
    # the cover gives the memo's month and this edition's: '2. udgave, <month year of this edition>'
    assert meta["date"] == f"November 2021 · 2. udgave, {danish.month(cfg.publication.edition_date)}"
    assert cfg.publication.edition_date > cfg.report_date
    assert meta["round-label"] != "Midtvejsevaluering" and cfg.round_label == "Midtvejsevaluering"
    assert "Evalueringsnotat" in meta["subtitle"]
    values = forord.values("midterm")
    assert values["forord_underskriver"] == "Jacob Als Thomsen"
    assert values["forord_underskriver_titel"] == "Adm. direktør"   # escaped once, at the metadata boundary
    assert values["forord_team_gennemfoert"] == "konsulent Mia Kathrine Jensen og konsulent Ida Kvist Sommer"
    assert values["forord_team_bistaaet"].startswith("Juniorkonsulent Cecilie Fuglestved Boje og stud.ant.")


def test_final_round_keeps_its_label_and_is_dated_by_month_like_the_midterm():
    """The real final evaluation appeared in February 2023 without a day (issue 24): month precision, as the
    midterm's memo is dated 'November 2021'."""
    cfg = load_config("final")
    meta = round_metadata(cfg)
    assert meta["round-label"] == cfg.round_label
    assert cfg.publication.date_precision == "month"
    assert meta["date"] == "Februar 2023"
    assert forord.values("final")["udgivelse_dato_tekst"] == "februar 2023"
    assert "forord_underskriver" not in forord.values("final")


@pytest.mark.parametrize("text", ["*fed* [link](x) <b> #1 _u_ `c`", "stud.ant. A. B. (red.)"])
def test_literal_text_reads_back_as_itself(text):
    import pypandoc

    from vvvanalysis.report_values import literal_values

    # the path a foreword name takes: keyfigure value -> metadata boundary (escaped exactly once) -> markdown
    out = pypandoc.convert_text(literal_values({"v": text})["v"], "plain", format="markdown",
                                extra_args=["--wrap=none"])
    assert out.strip() == text


def _round_with(tmp_path, monkeypatch, old: str, new: str):
    from vvvanalysis.paths import round_dir

    folder = tmp_path / "data" / "midterm"
    shutil.copytree(round_dir("midterm"), folder)
    path = folder / "round.yml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    monkeypatch.setenv("VVV_ROOT", str(tmp_path))


@pytest.mark.parametrize("old,new,words", [
    ("report_date_precision: month", "report_date_precision: week", ["report_date_precision", "month"]),
    ('title: "Adm. direktør"', "title: ''", ["signatory.title", "non-empty text"]),
    ('role: "bistået"}', 'role: "hjalp"}', ["role", "gennemført or bistået"]),
])
def test_bad_publication_keys_name_the_key(tmp_path, monkeypatch, old, new, words):
    _round_with(tmp_path, monkeypatch, old, new)
    with pytest.raises(ConfigError) as err:
        load_config("midterm")
    message = str(err.value)
    for word in words:
        assert word in message, message
