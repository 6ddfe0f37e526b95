"""Every bad-input case raises ONE DataError naming the file, the line/column and what was expected."""

from __future__ import annotations

import pytest

from vvvanalysis.data import load_table
from vvvanalysis.errors import DataError

TABEL6 = "tabel6_reorganisering"


def _write(folder, name, text, encoding="utf-8"):
    (folder / f"{name}.csv").write_bytes(text.encode(encoding))


def _error(folder, name) -> str:
    with pytest.raises(DataError) as info:
        load_table(folder, name)
    return str(info.value)


def _replace(folder, name, old, new):
    path = folder / f"{name}.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_missing_file(round_copy):
    (round_copy / "tabel6_reorganisering.csv").unlink()
    msg = _error(round_copy, TABEL6)
    assert "tabel6_reorganisering.csv" in msg and "missing" in msg


def test_missing_column(round_copy):
    _replace(round_copy, TABEL6, "change,count,n,memo_ref", "change,count,memo_ref")
    msg = _error(round_copy, TABEL6)
    assert "row 1" in msg and "column 'n'" in msg and "expected columns change, count, n, memo_ref" in msg


def test_renamed_column_gets_a_rename_hint(round_copy):
    _replace(round_copy, TABEL6, "change,count,n,memo_ref", "change,antal,n,memo_ref")
    msg = _error(round_copy, TABEL6)
    assert "column 'count' is missing" in msg and "rename column 'antal' to 'count'" in msg


def test_extra_unknown_column(round_copy):
    _write(round_copy, "noegletal", "key,value,unit,approximate,source,memo_ref,note,extra\n"
                                    "a,1,x,false,podio,ref,,y\n")
    msg = _error(round_copy, "noegletal")
    assert "unknown column 'extra'" in msg and "row 1" in msg and "expected only columns" in msg


def test_wrong_type(round_copy):
    _replace(round_copy, TABEL6, "reduceret,29,31", "reduceret,29 kommuner,31")
    msg = _error(round_copy, TABEL6)
    assert "tabel6_reorganisering.csv" in msg and "row 2" in msg and "column 'count'" in msg
    assert "expected a whole number" in msg


def test_negative_count(round_copy):
    _replace(round_copy, TABEL6, "nedlagt,8,31", "nedlagt,-8,31")
    msg = _error(round_copy, TABEL6)
    assert "row 7" in msg and "column 'count'" in msg and "negative" in msg and "expected a number >= 0" in msg


def test_share_above_100_percent(round_copy):
    _replace(round_copy, "lg_insight_2018", "0.36", "36")
    msg = _error(round_copy, "lg_insight_2018")
    assert "row 2" in msg and "column 'share'" in msg and "between 0 and 1" in msg


def test_count_above_its_n(round_copy):
    _replace(round_copy, TABEL6, "reduceret,29,31", "reduceret,32,31")
    msg = _error(round_copy, TABEL6)
    assert "row 2" in msg and "column 'count'" in msg and "larger than its n = 31" in msg


def test_exclusive_answers_adding_up_to_more_than_n(round_copy):
    _replace(round_copy, "tabel7_frivilligkapacitet", "Ved ikke,5,42", "Ved ikke,6,42")
    msg = _error(round_copy, "tabel7_frivilligkapacitet")
    assert "add up to 43 but n = 42" in msg and "column 'count'" in msg


def test_duplicate_key(round_copy):
    _replace(round_copy, "henvisningskilder", "Boligsociale aktører,14", "Jobcenter,14")
    msg = _error(round_copy, "henvisningskilder")
    assert "row 3" in msg and "duplicate key" in msg and "first on line 2" in msg


def test_unknown_category(round_copy):
    _replace(round_copy, "tabel8_kurser", "30,fysisk", "30,hybrid")
    msg = _error(round_copy, "tabel8_kurser")
    assert "row 2" in msg and "column 'format'" in msg and "unknown category 'hybrid'" in msg
    assert "one of: fysisk, webinar" in msg


def test_unknown_source_key(round_copy):
    _replace(round_copy, "henvisningskilder", "67,podio", "67,podo")
    msg = _error(round_copy, "henvisningskilder")
    assert "row 2" in msg and "column 'source'" in msg and "unknown kilder key 'podo'" in msg


def test_empty_file(round_copy):
    _write(round_copy, TABEL6, "")
    assert "empty" in _error(round_copy, TABEL6)


def test_header_only(round_copy):
    _write(round_copy, TABEL6, "change,count,n,memo_ref\n")
    msg = _error(round_copy, TABEL6)
    assert "row 1" in msg and "no data rows" in msg


def test_malformed_date(round_copy):
    _replace(round_copy, "tabel8_kurser", "2021-08-25", "25.08.21")
    msg = _error(round_copy, "tabel8_kurser")
    assert "row 2" in msg and "column 'date'" in msg and "'25.08.21' is not a valid date" in msg
    assert "YYYY-MM-DD" in msg


def test_impossible_date(round_copy):
    _replace(round_copy, "tabel8_kurser", "2021-08-31", "2021-02-31")
    assert "'2021-02-31' is not a valid date" in _error(round_copy, "tabel8_kurser")


def test_cp1252_is_rejected_with_a_save_as_hint(round_copy):
    text = (round_copy / "tabel8_kurser.csv").read_text(encoding="utf-8")
    _write(round_copy, "tabel8_kurser", text, encoding="cp1252")
    msg = _error(round_copy, "tabel8_kurser")
    assert "not UTF-8" in msg and "CSV UTF-8" in msg and "row 2" in msg


def test_bom_is_accepted(round_copy):
    text = (round_copy / "tabel8_kurser.csv").read_text(encoding="utf-8")
    _write(round_copy, "tabel8_kurser", "\ufeff" + text)
    assert load_table(round_copy, "tabel8_kurser")["participants"].sum() == 199


def test_danish_excel_semicolon_and_decimal_comma_are_accepted(round_copy):
    _write(round_copy, "lg_insight_2018", "item;share;year;source;memo_ref;note\r\n"
                                          "manglende_frivillige_aarsag;0,36;2018;lg_insight_2019;6.3.1;\r\n"
                                          "manglende_frivillige_udfordring_paa_sigt;0,60;2018;lg_insight_2019;6.3.1;x\r\n")
    frame = load_table(round_copy, "lg_insight_2018")
    assert list(frame["share"]) == [0.36, 0.60]


def test_semicolon_file_with_thousands_separator(round_copy):
    _write(round_copy, "deltagere_og_matches", "year;measure;count;source;memo_ref;note\n"
                                               "2018;aktive_ved_aarets_udgang;7.173;lg_insight_2019;6.2.1;\n")
    assert load_table(round_copy, "deltagere_og_matches")["count"].iloc[0] == 7173


def test_stray_whitespace_is_stripped(round_copy):
    _replace(round_copy, "tabel8_kurser", "30,fysisk,kursus", " 30 , fysisk ,  kursus ")
    frame = load_table(round_copy, "tabel8_kurser")
    assert frame["format"].iloc[0] == "fysisk" and frame["participants"].iloc[0] == 30


def test_wrong_number_of_cells(round_copy):
    _replace(round_copy, "henvisningskilder", "Jobcenter,67", "Jobcenter,67,68")
    msg = _error(round_copy, "henvisningskilder")
    assert "row 2" in msg and "cells" in msg


def test_unknown_table_name(round_copy):
    msg = _error(round_copy, "tabel99")
    assert "unknown table 'tabel99'" in msg and "tabel6_reorganisering" in msg
