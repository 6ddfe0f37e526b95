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


# (table, text to replace, replacement, fragments the one error message must contain)
EDIT_CASES = {
    "missing column": (TABEL6, "change,count,n,memo_ref", "change,count,memo_ref",
                       ["row 1", "column 'n'", "expected columns change, count, n, memo_ref"]),
    "renamed column": (TABEL6, "change,count,n,memo_ref", "change,antal,n,memo_ref",
                       ["row 1", "column 'count' is missing", "rename column 'antal' to 'count'"]),
    "wrong type": (TABEL6, "reduceret,29,31", "reduceret,29 kommuner,31",
                   ["row 2", "column 'count'", "expected a whole number"]),
    "negative count": (TABEL6, "nedlagt,8,31", "nedlagt,-8,31",
                       ["row 7", "column 'count'", "negative", "expected a number >= 0"]),
    "share above 100 %": ("lg_insight_2018", "0.36", "36", ["row 2", "column 'share'", "between 0 and 1"]),
    "count above n": (TABEL6, "reduceret,29,31", "reduceret,32,31",
                      ["row 2", "column 'count'", "larger than its n = 31"]),
    "exclusive answers above n": ("tabel7_frivilligkapacitet", "Ved ikke,5,42", "Ved ikke,6,42",
                                  ["row 7", "column 'count'", "add up to 43 but n = 42"]),
    "duplicate key": ("henvisningskilder", "Boligsociale aktører,14", "Jobcenter,14",
                      ["row 3", "duplicate key", "first on line 2"]),
    "unknown category": ("tabel8_kurser", "30,fysisk", "30,hybrid",
                         ["row 2", "column 'format'", "unknown category 'hybrid'", "one of: fysisk, webinar"]),
    "unknown source key": ("henvisningskilder", "67,podio", "67,podo",
                           ["row 2", "column 'source'", "unknown kilder key 'podo'"]),
    "malformed date": ("tabel8_kurser", "2021-08-25", "25.08.21",
                       ["row 2", "column 'date'", "'25.08.21' is not a valid date", "YYYY-MM-DD"]),
    "impossible date": ("tabel8_kurser", "2021-08-31", "2021-02-31", ["row 3", "'2021-02-31' is not a valid date"]),
    "wrong number of cells": ("henvisningskilder", "Jobcenter,67", "Jobcenter,67,68",
                              ["row 2", "has 6 cells but the header has 5"]),
    "empty required cell": ("tabel8_kurser", "Kulturmødet,", ",", ["row 2", "column 'course'", "empty"]),
    "source years in the wrong order": ("kilder", "2017,2018,", "2019,2018,",
                                        ["row 8", "column 'period_from'", "(2019) is after 'period_to' (2018)"]),
    "source period half filled": ("kilder", "2017,2018,", "2017,,",
                                  ["row 8", "column 'period_to'", "both 'period_from' and 'period_to' or neither"]),
    "source year not a year": ("kilder", "2017,2018,", "2017,2018,næste år",
                               ["row 8", "column 'next_edition'", "whole number"]),
}


@pytest.mark.parametrize("case", EDIT_CASES)
def test_bad_cell_or_header(round_copy, case):
    table, old, new, fragments = EDIT_CASES[case]
    _replace(round_copy, table, old, new)
    msg = _error(round_copy, table)
    assert f"{table}.csv" in msg
    for fragment in fragments:
        assert fragment in msg


def test_extra_unknown_column(round_copy):
    _write(round_copy, "noegletal", "key,value,unit,approximate,source,memo_ref,note,extra\n"
                                    "a,1,x,false,podio,ref,,y\n")
    msg = _error(round_copy, "noegletal")
    assert "unknown column 'extra'" in msg and "row 1" in msg and "expected only columns" in msg


def test_empty_file(round_copy):
    _write(round_copy, TABEL6, "")
    assert "empty" in _error(round_copy, TABEL6)


def test_header_only(round_copy):
    _write(round_copy, TABEL6, "change,count,n,memo_ref\n")
    msg = _error(round_copy, TABEL6)
    assert "row 1" in msg and "no data rows" in msg


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


def test_unknown_table_name(round_copy):
    msg = _error(round_copy, "tabel99")
    assert "unknown table 'tabel99'" in msg and "tabel6_reorganisering" in msg
