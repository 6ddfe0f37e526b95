"""The final round: its own (example) data through the same notebooks, the example mark everywhere while the
data are example data, and independence from the midterm round."""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile

import pytest

from conftest import ROOT, copy_rendered, vvv
from vvvanalysis import indicators
from vvvanalysis.config import load_config
from vvvanalysis.data import validate_round
from vvvanalysis.errors import DataError
from vvvanalysis.render.subset import check_source
from vvvanalysis.sources import cited_statements

MARK = "Eksempeldata – ikke reelle tal"


# --- data and indicators ------------------------------------------------------------------------------------
def test_final_round_is_example_data_and_validates():
    cfg = load_config("final")
    assert cfg.example_data is True and cfg.extra["compare_with"] == "midterm"
    assert cfg.period_start == dt.date(2019, 1, 1) and cfg.period_end == dt.date(2022, 12, 31)
    assert len(validate_round("final")) >= 32
    assert "invented" in (ROOT / "data" / "final" / "README.md").read_text(encoding="utf-8").lower()


def test_indicators_take_the_years_from_the_data():
    d = indicators.deltagere("final")
    assert (d["basisaar"], d["aar"], d["deltagere"]) == (2018, 2022, 6874)
    assert d["kumuleret"] == 7173 + 926 + 966 + 1042 + 1187
    assert indicators.deltagere("midterm")["aar"] == 2020
    status = indicators.succeskriterier("final").set_index("criterion_id")
    assert status.loc["deltagere", "status_date"] == dt.date(2022, 12, 31)
    assert status.loc["kommuner", "status"] == 88 and status.loc["boligomraader", "status"] == 7
    assert status.loc["kurser", "status"] == 26


def test_press_statement_is_a_cited_statement_with_a_registered_source():
    (s,) = cited_statements("final")
    assert s["value"] == 10000 and s["since"] == 2016 and s["source"] == "presse_2023"
    assert s["source_label"].endswith("februar 2023")
    assert cited_statements("midterm") == []


@pytest.fixture
def final_copy(tmp_path, monkeypatch):
    monkeypatch.setenv("VVV_ROOT", str(tmp_path))   # a round is a name under data/ of the project
    for name in ("midterm", "final"):
        shutil.copytree(ROOT / "data" / name, tmp_path / "data" / name)
    return tmp_path / "data" / "final"


@pytest.mark.parametrize("old, new, message", [
    ("6.1-1,gennemført", "9.9-9,gennemført", "unknown recommendation id '9.9-9'"),
    ("6.1-1,gennemført", "6.1-1,færdig", "unknown category 'færdig'"),
])
def test_followup_rejects_unknown_ids_and_statuses(final_copy, old, new, message):
    path = final_copy / "opfoelgning.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    with pytest.raises(DataError) as err:
        validate_round(final_copy)
    assert message in err.value.render() and "opfoelgning.csv" in err.value.render()


def test_chapter_files_stay_inside_the_quarto_subset():
    for path in sorted(ROOT.glob("report/*/*.qmd")):
        check_source(path, path.read_text(encoding="utf-8"))


def test_missing_chapter_file_names_the_file_and_the_round(tmp_path):
    from conftest import copy_project, vvv

    project = copy_project(tmp_path)
    (project / "report" / "final" / "03-baggrund-og-formaal.qmd").unlink()
    proc = vvv(project, "validate", "--round", "final", check=False)
    assert proc.returncode == 2
    assert "round 'final'" in proc.stderr and "03-baggrund-og-formaal.qmd" in proc.stderr


def test_midterm_book_does_not_run_the_final_only_notebooks():
    from vvvanalysis.render.project import load_project

    assert "08-udvikling.ipynb" not in load_project(ROOT, "midterm").notebooks()
    final = load_project(ROOT, "final")
    assert {"08-udvikling.ipynb", "09-opfoelgning.ipynb"} <= final.notebooks()
    assert final.chapters[-2:] == [ROOT / "report/final/08-udvikling.qmd", ROOT / "report/final/09-opfoelgning.qmd"]


# --- rendered -------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def renders(rendered_final, rendered_midterm, tmp_path_factory):
    """final (example data), midterm (the session's renders, in one project), then final again with a changed
    number and example_data: false, and midterm again."""
    project = copy_rendered(rendered_final, tmp_path_factory.mktemp("final-project") / "p", rendered_midterm)
    saved = project / "saved"
    shutil.copytree(project / "output", saved)
    data = project / "data" / "final"
    table = data / "deltagere_og_matches.csv"
    table.write_text(table.read_text(encoding="utf-8").replace("2022,deltagere_i_aaret,6874",
                                                               "2022,deltagere_i_aaret,6999"), encoding="utf-8")
    cfg = data / "round.yml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("example_data: true", "example_data: false"),
                   encoding="utf-8")
    vvv(project, "render", "--round", "final", "--engine", "builtin")
    vvv(project, "render", "--round", "midterm", "--engine", "builtin")
    return saved, project / "output"


def _pdf_pages(path):
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(path).pages]


def _docx_headers(path):
    with zipfile.ZipFile(path) as archive:
        return "".join(archive.read(n).decode("utf-8") for n in archive.namelist() if n.startswith("word/header"))


def test_example_mark_on_every_pdf_page(renders):
    saved, _ = renders
    pages = _pdf_pages(saved / "final" / "vvv-final.pdf")
    assert len(pages) > 10
    missing = [i + 1 for i, text in enumerate(pages) if "Eksempeldata" not in text]
    assert not missing, f"pages without the example mark: {missing}"


def test_example_mark_in_docx_header_and_html(renders):
    saved, _ = renders
    assert MARK in _docx_headers(saved / "final" / "vvv-final.docx")
    html = (saved / "final" / "vvv-final.html").read_text(encoding="utf-8")
    assert 'class="example-banner"' in html and f"<title>{MARK}" in html
    assert "Udvikling siden forrige evaluering" in html and "Opfølgning på anbefalingerne" in html
    assert "6.874" in html and "10.000" in html


def test_real_data_has_no_mark_and_midterm_has_none(renders):
    saved, out = renders
    assert not any("ikke reelle tal" in text for text in _pdf_pages(out / "final" / "vvv-final.pdf"))
    assert MARK not in _docx_headers(out / "final" / "vvv-final.docx")
    assert 'class="example-banner"' not in (out / "final" / "vvv-final.html").read_text(encoding="utf-8")
    assert 'class="example-banner"' not in (saved / "midterm" / "vvv-midterm.html").read_text(encoding="utf-8")


def test_a_changed_number_changes_final_and_nothing_in_midterm(renders):
    saved, out = renders
    html = (out / "final" / "vvv-final.html").read_text(encoding="utf-8")
    assert "6.999" in html and "6.874" not in html
    for path in sorted((saved / "midterm").rglob("*")):
        if path.is_file():
            assert path.read_bytes() == (out / "midterm" / path.relative_to(saved / "midterm")).read_bytes(), path
