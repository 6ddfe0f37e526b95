"""`vvv new-round`: a scaffolded round tells the evaluator what to fill; existing rounds are never overwritten."""

from __future__ import annotations

import yaml

from conftest import copy_project, vvv
from vvvanalysis.data import TABLES, YAMLS


def test_new_round_creates_headers_skeletons_profile_and_prose_folder(tmp_path):
    project = copy_project(tmp_path)
    vvv(project, "new-round", "runde3")
    folder = project / "data" / "runde3"
    cfg = yaml.safe_load((folder / "round.yml").read_text(encoding="utf-8"))
    assert cfg["name"] == "runde3" and cfg["example_data"] is True and cfg["compare_with"] == "midterm"
    assert cfg["report_date"] == "ÅÅÅÅ-MM-DD"       # dates to fill
    for schema in TABLES.values():
        lines = (folder / schema.file).read_text(encoding="utf-8").splitlines()
        assert lines == [",".join(c.name for c in schema.columns)]
    for schema in YAMLS.values():
        assert yaml.safe_load((folder / schema.file).read_text(encoding="utf-8")) is not None
    assert not (folder / "tekst").exists()      # data/ holds data only
    chapters = sorted(p.name for p in (project / "report" / "runde3").glob("*.qmd"))
    assert chapters == sorted(p.name for p in (project / "report" / "midterm").glob("*.qmd"))
    profile = yaml.safe_load((project / "_quarto-runde3.yml").read_text(encoding="utf-8"))
    assert profile["book"]["chapters"][0] == "report/runde3/01-forord.qmd"
    assert all(c.startswith("report/runde3/") for c in profile["book"]["chapters"] + profile["book"]["appendices"])
    assert profile["project"]["output-dir"] == "_build/runde3/quarto"
    assert profile["metadata-files"] == ["_build/runde3/metadata.yml"]


def test_validate_names_the_first_file_without_data_rows(tmp_path):
    project = copy_project(tmp_path)
    vvv(project, "new-round", "runde3")
    proc = vvv(project, "validate", "--round", "runde3", check=False)
    assert proc.returncode == 2 and "round.yml" in proc.stderr and "YYYY-MM-DD" in proc.stderr   # dates first
    config = project / "data" / "runde3" / "round.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("ÅÅÅÅ-MM-DD", "2023-06-30"), encoding="utf-8")
    proc = vvv(project, "validate", "--round", "runde3", check=False)
    assert proc.returncode == 2
    assert "kilder.csv" in proc.stderr and "no data rows" in proc.stderr
    assert "columns: key, name, owner, date, description, period_from, period_to, next_edition" in proc.stderr
    # filling that file moves the error on to the next empty file
    (project / "data" / "runde3" / "kilder.csv").write_text(
        "key,name,owner,date,description,period_from,period_to,next_edition\npodio,Podio,RK,2023-01-01,x,,,\n", encoding="utf-8")
    proc = vvv(project, "validate", "--round", "runde3", check=False)
    assert "succeskriterier_status.csv" in proc.stderr and "no data rows" in proc.stderr


def test_new_round_refuses_to_overwrite(tmp_path):
    project = copy_project(tmp_path)
    before = (project / "data" / "final" / "round.yml").read_bytes()
    proc = vvv(project, "new-round", "final", check=False)
    assert proc.returncode == 2 and "already exists" in proc.stderr
    assert (project / "data" / "final" / "round.yml").read_bytes() == before


def test_new_round_from_copies_a_round_that_validates(tmp_path):
    project = copy_project(tmp_path)
    vvv(project, "new-round", "kopi", "--from", "final")
    copied = project / "report" / "kopi" / "08-udvikling.qmd"
    assert copied.read_text(encoding="utf-8") == (project / "report" / "final" / "08-udvikling.qmd").read_text(encoding="utf-8")
    assert "report/kopi/08-udvikling.qmd" in (project / "_quarto-kopi.yml").read_text(encoding="utf-8")
    out = vvv(project, "validate", "--round", "kopi").stdout
    assert "data files valid" in out


def test_bad_round_name_is_refused(tmp_path):
    project = copy_project(tmp_path)
    proc = vvv(project, "new-round", "Final Round", check=False)
    assert proc.returncode == 2 and "not a valid round name" in proc.stderr


def test_a_round_scaffolded_from_the_final_renders_and_reads_as_a_report(tmp_path):
    """The template reproduces its quality: the final round copied with `vvv new-round --from final` renders
    (one render, built-in engine, HTML) and passes the report-level checks the final round itself passes."""
    from report_checks import assert_reads_as_a_report, not_given_cells

    project = copy_project(tmp_path)
    vvv(project, "new-round", "slut2", "--from", "final")
    vvv(project, "render", "--round", "slut2", "--engine", "builtin", "--to", "html")
    page = project / "output" / "slut2" / "vvv-slut2.html"
    assert_reads_as_a_report(page)
    text = page.read_text(encoding="utf-8")
    assert "Status ved projektets afslutning" in text and "Litteratur" in text
    assert not_given_cells(text) == 0
