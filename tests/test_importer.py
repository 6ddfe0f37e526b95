"""`vvv import`: the synthetic final-round exports rebuild data/final's tables exactly; one changed answer
changes exactly its counts; every raw-file fault is one clear error and leaves the tables as they were."""

from __future__ import annotations

import hashlib
import importlib.util
import shutil
import subprocess
from pathlib import Path

import pytest

from vvvanalysis import cli
from vvvanalysis.data.loader import load_table
from vvvanalysis.importer import import_round, needs_import
from vvvanalysis.importer.declaration import load_declaration

ROOT = Path(__file__).resolve().parents[1]
FINAL = ROOT / "data" / "final"
DECLARED = sorted({t for s in load_declaration(FINAL / "import.yml").sources.values() for t in s.tables})


def _generator():
    spec = importlib.util.spec_from_file_location("make_example_exports", ROOT / "tools" / "make_example_exports.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def exports(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("raw")
    _generator().make_exports(out)
    return out


@pytest.fixture
def project(tmp_path, exports, monkeypatch) -> Path:
    """data/final with the synthetic raw exports in data/final/raw/ (VVV_ROOT points here)."""
    shutil.copytree(FINAL, tmp_path / "data" / "final", ignore=shutil.ignore_patterns("raw"))
    shutil.copytree(exports, tmp_path / "data" / "final" / "raw")
    monkeypatch.setenv("VVV_ROOT", str(tmp_path))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1675252800")
    monkeypatch.delenv("VVV_RAW_DIR", raising=False)
    return tmp_path


def _committed(table: str):
    """A committed data/final table, parsed by its schema (load_table only reads rounds under VVV_ROOT)."""
    from vvvanalysis.data.readers import parse_csv_text
    from vvvanalysis.data.schema import parse_table
    from vvvanalysis.data.tables import TABLES

    path = FINAL / TABLES[table].file
    return parse_table(TABLES[table], parse_csv_text(path, path.read_text(encoding="utf-8-sig")))[0]


def _body(path: Path) -> str:
    return "".join(line for line in path.read_text(encoding="utf-8").splitlines(True) if not line.startswith("#"))


def _tables(project: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((project / "data" / "final").glob("*.csv"))}


def test_the_final_round_declares_the_survey_tables():
    assert {"kommunesurvey_henvisning", "tabel6_reorganisering", "tabel7_frivilligkapacitet", "tabel11_udbytte",
            "kursusevaluering_svar", "kursusevaluering_workshop", "frivilligleder_status",
            "henvisningskilder"} <= set(DECLARED)


def test_import_rebuilds_the_final_tables_exactly(project):
    result = import_round("final")
    folder = project / "data" / "final"
    assert {p.name for p in result.written} >= {f"{t}.csv" for t in DECLARED}
    for table in DECLARED:
        path = folder / f"{table}.csv"
        assert _body(path) == (FINAL / f"{table}.csv").read_text(encoding="utf-8"), table   # byte for byte
        assert load_table(folder, table).equals(_committed(table)), table             # value for value
    # tables the import does not declare are left alone
    for name, data in _tables(project).items():
        if name[:-4] not in DECLARED:
            assert data == (FINAL / name).read_bytes(), name
    assert (folder / "citater.yaml").read_bytes() == (FINAL / "citater.yaml").read_bytes()   # nothing approved


def test_provenance_header_names_raw_hash_declaration_hash_and_time(project, exports):
    import_round("final")
    head = (project / "data" / "final" / "tabel6_reorganisering.csv").read_text(encoding="utf-8").splitlines()[:4]
    raw_hash = hashlib.sha256((exports / "kommunesurvey.xlsx").read_bytes()).hexdigest()
    decl_hash = hashlib.sha256((FINAL / "import.yml").read_bytes()).hexdigest()
    assert head[1] == f"# raw: kommunesurvey.xlsx sha256 {raw_hash}"
    assert head[2] == f"# declaration: import.yml sha256 {decl_hash}"
    assert head[3] == "# imported: 2023-02-01T12:00:00Z"   # SOURCE_DATE_EPOCH, not the clock


def test_generator_and_import_are_byte_reproducible(project, exports, tmp_path_factory):
    again = tmp_path_factory.mktemp("raw-again")
    _generator().make_exports(again)
    for path in sorted(exports.iterdir()):
        assert (again / path.name).read_bytes() == path.read_bytes(), path.name
    import_round("final")
    first = _tables(project)
    for table in DECLARED:
        (project / "data" / "final" / f"{table}.csv").unlink()
    import_round("final")
    assert _tables(project) == first


def test_render_reimports_only_when_a_raw_file_or_the_declaration_changed(project):
    raw = project / "data" / "final" / "raw"
    assert needs_import("final")                  # committed tables carry no provenance yet
    import_round("final")
    assert not needs_import("final")
    path = raw / "workshop_evaluering.csv"
    path.write_bytes(path.read_bytes() + b"W99,I h\xc3\xb8j grad,I h\xc3\xb8j grad,Ny viden,I h\xc3\xb8j grad,I h\xc3\xb8j grad\n")
    assert needs_import("final")
    import_round("final")
    assert not needs_import("final")
    decl = project / "data" / "final" / "import.yml"
    decl.write_text(decl.read_text(encoding="utf-8") + "\n# a comment changes the declaration's hash\n",
                    encoding="utf-8")
    assert needs_import("final")
    shutil.rmtree(raw)
    assert not needs_import("final")              # no raw files: the round works from its tables


def test_a_round_without_import_is_not_imported():
    assert not needs_import("midterm")
    assert cli.main(["import", "--round", "midterm"]) == 2


def test_one_changed_answer_changes_exactly_its_counts(project):
    import_round("final")
    before = _tables(project)
    raw = project / "data" / "final" / "raw" / "kursusevaluering.csv"
    text = raw.read_bytes().decode("utf-8-sig")
    lines = text.split("\r\n")
    row = next(i for i, line in enumerate(lines) if line.endswith(";I høj grad;I nogen grad"))
    lines[row] = lines[row][: -len("I høj grad;I nogen grad")] + "Slet ikke;I nogen grad"
    raw.write_bytes(("\ufeff" + "\r\n".join(lines)).encode("utf-8"))
    import_round("final")
    after = _tables(project)
    changed = {name for name in after if _strip(after[name]) != _strip(before[name])}
    assert changed == {"kursusevaluering_svar.csv"}
    table = load_table(project / "data" / "final", "kursusevaluering_svar").set_index(["question", "answer"])
    reference = _committed("kursusevaluering_svar").set_index(["question", "answer"])
    diff = (table["count"] - reference["count"])
    assert diff[diff != 0].to_dict() == {("viden", "I høj grad"): -1, ("viden", "Slet ikke"): 1}
    assert (table["n"] == reference["n"]).all()


def _strip(data: bytes) -> bytes:
    return b"".join(line for line in data.splitlines(True) if not line.startswith(b"#"))


# --- faults: each is one `vvv: error:` line naming file, sheet, row and column; nothing is written -----------

def _set_xlsx(path: Path, sheet: str, column: str, respondent: str, value):
    from openpyxl import load_workbook

    book = load_workbook(path)
    ws = book[sheet]
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == respondent:
            row[header.index(column)].value = value
    book.save(path)


def _respondent_with(path: Path, column: str, value) -> str:
    from openpyxl import load_workbook

    ws = load_workbook(path)["Besvarelser"]
    header = [c.value for c in ws[1]]
    return next(r[0].value for r in ws.iter_rows(min_row=2) if r[header.index(column)].value == value)


def _edit_csv(name: str, old: str, new: str):
    def damage(raw: Path):
        path = raw / name
        data = path.read_bytes()
        assert old.encode() in data, old
        path.write_bytes(data.replace(old.encode(), new.encode(), 1))
    return damage


def _unknown_code(raw: Path):
    _set_xlsx(raw / "kommunesurvey.xlsx", "Besvarelser", "q1_henviser", "K005", 7)


def _outside_universe(raw: Path):
    asked_yes = _respondent_with(raw / "kommunesurvey.xlsx", "q1_henviser", 1)
    _set_xlsx(raw / "kommunesurvey.xlsx", "Besvarelser", "q2_primaer_aarsag", asked_yes, 1)


def _not_a_tick(raw: Path):
    _set_xlsx(raw / "kommunesurvey.xlsx", "Besvarelser", "q13_udbytte_1", _respondent_with(
        raw / "kommunesurvey.xlsx", "q12_kender_udbytte", 1), 2)


def _latin1(raw: Path):
    path = raw / "workshop_evaluering.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1252"))


def _missing_sheet(raw: Path):
    from openpyxl import load_workbook

    book = load_workbook(raw / "kommunesurvey.xlsx")
    book["Besvarelser"].title = "Ark1"
    book.save(raw / "kommunesurvey.xlsx")


def _edit_record(name: str, column: str, value, row: int = 2):
    """Set one cell of a record in a Podio extract (CSV in either dialect, or the xlsx's first sheet)."""
    def damage(raw: Path):
        path = raw / name
        if path.suffix == ".xlsx":
            from openpyxl import load_workbook

            book = load_workbook(path)
            ws = book.worksheets[0]
            header = [c.value for c in ws[1]]
            ws.cell(row=row, column=header.index(column) + 1).value = value
            book.save(path)
            return
        data = path.read_bytes()
        bom, text = (b"\xef\xbb\xbf", data[3:]) if data.startswith(b"\xef\xbb\xbf") else (b"", data)
        newline = "\r\n" if b"\r\n" in text else "\n"
        lines = text.decode("utf-8").split(newline)
        sep = ";" if ";" in lines[0] else ","
        cells = lines[row - 1].split(sep)
        cells[lines[0].split(sep).index(column)] = value
        lines[row - 1] = sep.join(cells)
        path.write_bytes(bom + newline.join(lines).encode("utf-8"))
    return damage


def _duplicate_record(raw: Path):
    path = raw / "podio_forloeb.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[2] = lines[1].split(",")[0] + "," + lines[2].split(",", 1)[1]     # row 3 takes row 2's id
    path.write_text("\n".join(lines), encoding="utf-8")


FAULTS = {
    "unknown code": (_unknown_code, ["kommunesurvey.xlsx (sheet 'Besvarelser')", "row 6", "column 'q1_henviser'",
                                     "unknown code '7'"]),
    "unknown answer label": (_edit_csv("workshop_evaluering.csv", "W01,I høj grad", "W01,Meget høj grad"),
                             ["workshop_evaluering.csv", "row 2", "column 'tilfreds_alt_i_alt'",
                              "unknown answer 'Meget høj grad'"]),
    "missing column": (_edit_csv("kursusevaluering.csv", ";Viden;", ";Kundskab;"),
                       ["kursusevaluering.csv", "row 1", "column 'Viden'", "is missing"]),
    "duplicate respondent": (_edit_csv("frivilligleder_status.csv", "F002;", "F001;"),
                             ["frivilligleder_status.csv", "row 3", "column 'Besvarelse-ID'", "appears twice"]),
    "answer outside the universe": (_outside_universe, ["kommunesurvey.xlsx (sheet 'Besvarelser')",
                                                        "column 'q2_primaer_aarsag'", "was not asked"]),
    "not a 0/1 tick": (_not_a_tick, ["kommunesurvey.xlsx", "column 'q13_udbytte_1'", "multiple-choice"]),
    "missing raw file": (lambda raw: (raw / "podio_frivilliggrupper.csv").unlink(),
                         ["podio_frivilliggrupper.csv", "the raw export is missing"]),
    "missing sheet": (_missing_sheet, ["kommunesurvey.xlsx", "sheet 'Besvarelser' is missing"]),
    "latin-1 export": (_latin1, ["workshop_evaluering.csv", "not UTF-8"]),
    # monitoring extracts (kind: records)
    "record: missing column": (_edit_csv("podio_kursustilmeldinger.csv", ";Status\r\n", ";Tilstand\r\n"),
                               ["podio_kursustilmeldinger.csv", "row 1", "column 'Status'", "is missing"]),
    "record: unknown status code": (_edit_record("podio_kommuner.csv", "Status", "Lukket", row=6),
                                    ["podio_kommuner.csv", "row 6", "column 'Status'", "unknown status 'Lukket'"]),
    "record: unknown status in a workbook": (
        _edit_record("podio_boligomraader.xlsx", "Samarbejde", "Opsagt", row=4),
        ["podio_boligomraader.xlsx (sheet 'Boligområder')", "row 4", "column 'Samarbejde'",
         "unknown status 'Opsagt'"]),
    "record: duplicate id": (_duplicate_record, ["podio_forloeb.csv", "row 3", "column 'Forløb-ID'",
                                                 "record 'PF00001' appears twice (first in row 2)"]),
    "record: date outside the round": (_edit_record("podio_forloeb.csv", "Dato", "2023-01-05", row=5),
                                       ["podio_forloeb.csv", "row 5", "column 'Dato'", "2023-01-05",
                                        "outside the round's period", "2019-01-01 to 2022-12-31"]),
    "record: date outside the round in a workbook": (
        _edit_record("podio_boligomraader.xlsx", "Opgjort", __import__("datetime").datetime(2018, 6, 30), row=3),
        ["podio_boligomraader.xlsx (sheet 'Boligområder')", "row 3", "column 'Opgjort'", "2018-06-30",
         "outside the round's period"]),
    "record: not a date": (_edit_record("podio_kommuner.csv", "Opgjort", "31-02-2022", row=7),
                           ["podio_kommuner.csv", "row 7", "column 'Opgjort'", "'31-02-2022' is not a date"]),
    "record: a snapshot missing from the extract": (
        lambda raw: (raw / "podio_kommuner.csv").write_bytes(              # the May snapshot exported as June
            (raw / "podio_kommuner.csv").read_bytes().replace(b"01-05-2022", b"01-06-2022")),
        ["podio_kommuner.csv", "column 'Opgjort, Status'", "no record has opgjort 2022-05-01", "kommune_tilstedevaerelse"]),
    "record: empty field": (_edit_record("podio_kursustilmeldinger.csv", "Kursus", "", row=9),
                            ["podio_kursustilmeldinger.csv", "row 9", "column 'Kursus'", "is empty"]),
}


@pytest.mark.parametrize("case", FAULTS, ids=list(FAULTS))
def test_raw_fault_is_one_clear_error_and_writes_nothing(project, case, capsys):
    import_round("final")
    before = _tables(project) | {"citater.yaml": (project / "data/final/citater.yaml").read_bytes()}
    damage, needles = FAULTS[case]
    damage(project / "data" / "final" / "raw")
    capsys.readouterr()
    assert cli.main(["import", "--round", "final"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("vvv: error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err and "Fix:" in err
    for needle in needles:
        assert needle in err, (needle, err)
    assert _tables(project) | {"citater.yaml": (project / "data/final/citater.yaml").read_bytes()} == before


def test_declaration_fault_names_the_declaration(project, capsys):
    decl = project / "data" / "final" / "import.yml"
    decl.write_text(decl.read_text(encoding="utf-8").replace("      tabel6_reorganisering:", "      tabel6:"),
                    encoding="utf-8")
    assert cli.main(["import", "--round", "final"]) == 2
    err = capsys.readouterr().err
    assert "import.yml" in err and "tabel6" in err and err.count("\n") == 1, err


def test_raw_folder_from_the_environment(project, tmp_path, monkeypatch):
    elsewhere = tmp_path / "drive"
    shutil.move(project / "data" / "final" / "raw", elsewhere / "final")
    assert not needs_import("final")
    monkeypatch.setenv("VVV_RAW_DIR", str(elsewhere))
    assert needs_import("final")
    import_round("final")
    assert _body(project / "data" / "final" / "tabel7_frivilligkapacitet.csv") == \
        (FINAL / "tabel7_frivilligkapacitet.csv").read_text(encoding="utf-8")


def test_raw_folders_are_ignored_by_git():
    for path in ("data/final/raw/kommunesurvey.xlsx", "data/nyrunde/raw/eksport.csv"):
        out = subprocess.run(["git", "check-ignore", "-q", path], cwd=ROOT, capture_output=True)
        assert out.returncode == 0, path
    tracked = subprocess.run(["git", "ls-files", "data"], cwd=ROOT, capture_output=True, text=True).stdout
    assert "/raw/" not in tracked


def test_imported_tables_with_provenance_still_load_with_their_line_numbers(project):
    import_round("final")
    path = project / "data" / "final" / "tabel6_reorganisering.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",26,30,", ",31,30,"), encoding="utf-8")
    from vvvanalysis.errors import DataError

    with pytest.raises(DataError) as info:
        load_table(project / "data" / "final", "tabel6_reorganisering")
    assert info.value.row == 6   # 4 provenance lines + header + first data row, as an editor shows it


# --- free text: quotes only through the review file -----------------------------------------------------------

def _approve(review: Path, quote_id: str, text: str | None = None):
    import yaml

    head = "".join(line for line in review.read_text(encoding="utf-8").splitlines(True) if line.startswith("#"))
    data = yaml.safe_load(review.read_text(encoding="utf-8"))
    for item in data["svar"]:
        if item["id"] == quote_id:
            item["godkendt"] = True
            if text is not None:
                item["text"] = text
    review.write_text(head + yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_free_text_becomes_a_quote_only_when_approved(project):
    from vvvanalysis.data.loader import load_yaml

    folder = project / "data" / "final"
    result = import_round("final")
    review = result.review
    assert review == folder / "raw" / "citater_til_godkendelse.yaml"
    first = load_yaml(folder, "citater")["citater"]
    import yaml

    candidates = yaml.safe_load(review.read_text(encoding="utf-8"))["svar"]
    assert len(candidates) == 5 and not any(c["godkendt"] for c in candidates)
    chosen = candidates[0]
    _approve(review, chosen["id"])
    import_round("final")
    quotes = load_yaml(folder, "citater")["citater"]          # still valid against its schema
    assert len(quotes) == len(first) + 1
    assert quotes[-1]["id"] == chosen["id"] and quotes[-1]["text"] == chosen["text"]
    assert quotes[-1]["role"] == "kommune_respondent" and quotes[-1]["speaker"] is None
    assert yaml.safe_load(review.read_text(encoding="utf-8"))["svar"][0]["godkendt"] is True   # kept
    import_round("final")
    assert len(load_yaml(folder, "citater")["citater"]) == len(first) + 1                      # idempotent
    # withdrawing the approval removes the quote: citater.yaml is byte for byte the committed one again
    review.write_text(review.read_text(encoding="utf-8").replace("godkendt: true", "godkendt: false"),
                      encoding="utf-8")
    import_round("final")
    assert (folder / "citater.yaml").read_bytes() == (FINAL / "citater.yaml").read_bytes()


def test_approval_lapses_when_the_answer_changes(project):
    import yaml

    review = import_round("final").review
    chosen = yaml.safe_load(review.read_text(encoding="utf-8"))["svar"][1]
    _approve(review, chosen["id"], text="an older wording the evaluator approved")
    import_round("final")
    entry = next(e for e in yaml.safe_load(review.read_text(encoding="utf-8"))["svar"] if e["id"] == chosen["id"])
    assert entry["godkendt"] is False and entry["text"] == chosen["text"]
    assert (project / "data/final/citater.yaml").read_bytes() == (FINAL / "citater.yaml").read_bytes()


def test_an_approved_answer_with_personal_data_is_refused(project, capsys):
    review = import_round("final").review
    raw = project / "data" / "final" / "raw" / "kommunesurvey.xlsx"
    import yaml

    chosen = yaml.safe_load(review.read_text(encoding="utf-8"))["svar"][0]
    respondent = chosen["id"].split("_", 1)[1].upper()
    text = chosen["text"] + " Ring til mig på tlf. 12 34 56 78."
    _set_xlsx(raw, "Besvarelser", "q14_forslag", respondent, text)
    import_round("final")                        # the changed answer is not approved: nothing is published
    _approve(review, chosen["id"])
    before = (project / "data/final/citater.yaml").read_bytes()
    assert cli.main(["import", "--round", "final"]) == 2
    err = capsys.readouterr().err
    assert "citater_til_godkendelse.yaml" in err and "personal data" in err and "column 'text'" in err, err
    assert "phone tlf. ** ** ** 78" in err and "12 34 56 78" not in err, err   # masked: CI logs are kept
    assert (project / "data/final/citater.yaml").read_bytes() == before


def test_synthetic_exports_hold_no_personal_data(exports):
    from vvvanalysis import personal_data
    from vvvanalysis.importer.raw import read_sheet

    for path in sorted(exports.iterdir()):
        if path.suffix == ".xlsx":
            from openpyxl import load_workbook

            sheets = load_workbook(path, read_only=True).sheetnames
            text = "\n".join(" ".join(cells.values()) for name in sheets for _, cells in read_sheet(path, name).rows)
            assert "EKSEMPELDATA" in read_sheet(path, "Om filen").header[0], path.name   # marked as example data
        else:
            text = path.read_bytes().decode("utf-8-sig")
        assert not personal_data.find(text), path.name
    assert "EKSEMPELDATA" in (exports / "LAESMIG.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("old, new, needles", [
    ("where: {status: [deltog]}", "where: {status: [deltaget]}",
     ["sources.podio_kursustilmeldinger.tables.tabel8_kurser.where.status", "deltog"]),
    ("where: {opgjort: [2022-05-01]", "where: {opgjort: [2022-05-32]",
     ["impossible date", "day is out of range"]),
    ("where: {opgjort: [2022-05-01]", "where: {opgjort: [\"1. maj 2022\"]",
     ["sources.podio_kommuner.tables.kommune_tilstedevaerelse[3].where.opgjort", "ISO dates", "1. maj 2022"]),
    ("count: participants", "count: deltagere", ["tabel8_kurser", "deltagere"]),
    ("      aar: {from: dato, period: year}", "      aar: {from: status, period: year}",
     ["sources.podio_forloeb.fields.aar.from", "a date field"]),
], ids=["unknown category", "impossible date", "not a date", "unknown column", "year of a non-date"])
def test_declaration_fault_in_a_record_source_names_the_declaration(project, capsys, old, new, needles):
    decl = project / "data" / "final" / "import.yml"
    text = decl.read_text(encoding="utf-8")
    assert old in text, old
    decl.write_text(text.replace(old, new, 1), encoding="utf-8")
    assert cli.main(["import", "--round", "final"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("vvv: error: ") and err.count("\n") == 1 and "import.yml" in err, err
    for needle in needles:
        assert needle in err, (needle, err)


def test_one_changed_record_changes_exactly_its_count(project):
    """A registration that was 'Deltog' becomes 'Afbud': one course has one participant fewer, nothing else."""
    import_round("final")
    before = _tables(project)
    raw = project / "data" / "final" / "raw" / "podio_kursustilmeldinger.csv"
    lines = raw.read_bytes().decode("utf-8-sig").split("\r\n")
    row = next(i for i, line in enumerate(lines) if line.startswith("T") and line.endswith(";Deltog"))
    course, date = lines[row].split(";")[1:3]
    lines[row] = lines[row][: -len("Deltog")] + "Afbud"
    raw.write_bytes(("\ufeff" + "\r\n".join(lines)).encode("utf-8"))
    import_round("final")
    after = _tables(project)
    assert {name for name in after if _strip(after[name]) != _strip(before[name])} == {"tabel8_kurser.csv"}
    table = load_table(project / "data" / "final", "tabel8_kurser").set_index(["course", "date"])["participants"]
    reference = _committed("tabel8_kurser").set_index(["course", "date"])["participants"]
    diff = table - reference
    assert {(c, str(d)[:10]) for c, d in diff[diff != 0].index} == {(course, date)} and diff.sum() == -1


# --- end to end: one changed answer in a raw export changes exactly its numbers in the rendered report ----

def _visible_lines(path: Path) -> list[str]:
    import html as htmllib
    import re

    markup = re.sub(r"(?is)<(style|script)\b.*?</\1>", "\n", path.read_text(encoding="utf-8"))
    return [line.strip() for line in htmllib.unescape(re.sub(r"<[^>]+>", "\n", markup)).split("\n") if line.strip()]


def test_one_changed_answer_changes_exactly_its_numbers_in_the_report(rendered_final, tmp_path):
    import difflib
    import re

    from conftest import copy_rendered, vvv

    # from the session's final render: the import reproduces its tables, so only what the import changes re-runs
    project = copy_rendered(rendered_final, tmp_path / "project")
    _generator().make_exports(project / "data" / "final" / "raw")
    first = vvv(project, "render", "--round", "final", "--engine", "builtin", "--to", "html")
    assert "import raw exports" in first.stdout                  # the render imported by itself
    html = project / "output" / "final" / "vvv-final.html"
    colophon = project / "output" / "final" / "kolofon.txt"      # the technical colophon beside the report
    before, colophon_before = _visible_lines(html), colophon.read_text(encoding="utf-8").splitlines()
    raw = project / "data" / "final" / "raw" / "workshop_evaluering.csv"
    rows = raw.read_text(encoding="utf-8").split("\n")
    row = next(i for i, line in enumerate(rows) if line.split(",")[1:2] == ["I nogen grad"])
    cells = rows[row].split(",")
    cells[1] = "I høj grad"                                      # one participant: more satisfied overall
    rows[row] = ",".join(cells)
    raw.write_text("\n".join(rows), encoding="utf-8")
    second = vvv(project, "render", "--round", "final", "--engine", "builtin", "--to", "html")
    assert "import raw exports: 1 files written" in second.stdout
    after = _visible_lines(html)
    removed, added = [], []
    for line in difflib.unified_diff(before, after, lineterm="", n=0):
        if line.startswith("-") and not line.startswith("---"):
            removed.append(line[1:])
        elif line.startswith("+") and not line.startswith("+++"):
            added.append(line[1:])
    text_removed, text_added = removed, added
    assert len(text_added) == len(text_removed) >= 1
    for old, new in zip(text_removed, text_added):              # 12 of 14 satisfied -> 13 of 14, nothing else
        assert "12" in old and old.replace("12", "13") == new, (old, new)
    changed = [(a, b) for a, b in zip(colophon_before, colophon.read_text(encoding="utf-8").splitlines()) if a != b]
    assert len(changed) == 1 and changed[0][1].endswith("kursusevaluering_workshop.csv"), changed   # its fingerprint
    assert not list(project.joinpath("output").rglob("*raw*"))   # raw files never reach an output
    assert not [line for line in after if re.search(r"\b[KRWFG]\d{2,3}\b", line)]   # nor do respondent ids
