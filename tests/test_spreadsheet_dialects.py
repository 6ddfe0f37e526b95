"""Files as spreadsheets and editors really write them: the harmless forms are read, the rest get a message that
names the real cause and place. Also the YAML edge values (huge numbers, infinities) refused naming the key."""

from __future__ import annotations

import pytest

from vvvanalysis.data import load_table, validate_round
from vvvanalysis.errors import ConfigError, DataError

T6 = "tabel6_reorganisering"
HEADER = "change,count,n,memo_ref"


def _text(folder, name="tabel6_reorganisering"):
    return (folder / f"{name}.csv").read_text(encoding="utf-8")


def _write(folder, text, name="tabel6_reorganisering"):
    (folder / f"{name}.csv").write_bytes(text.encode("utf-8"))


def _error(folder, name=T6) -> str:
    with pytest.raises(DataError) as info:
        load_table(folder, name)
    return info.value.render()


def _semicolon(text: str) -> str:
    """The file as Danish Excel's plain 'CSV' saves it: ';' between cells (no decimals in this table)."""
    import csv
    import io

    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\n").writerows(csv.reader(io.StringIO(text)))
    return out.getvalue()


def test_trailing_empty_columns_with_empty_headers_are_read(round_copy):
    expected = load_table(round_copy, T6)
    lines = _text(round_copy).splitlines()
    _write(round_copy, "\n".join(line + ",," for line in lines) + "\n")
    assert load_table(round_copy, T6).equals(expected)
    _write(round_copy, "\r\n".join(line + ";;;" for line in _semicolon("\n".join(lines)).splitlines()) + "\r\n")
    assert load_table(round_copy, T6).equals(expected)


def test_a_value_under_an_empty_header_is_named(round_copy):
    lines = _text(round_copy).splitlines()
    lines = [lines[0] + ",", *(line + "," for line in lines[1:])]
    lines[3] += "glemt"
    _write(round_copy, "\n".join(lines) + "\n")
    message = _error(round_copy)
    assert "row 4" in message and "column 5" in message and "no name in the header" in message, message


def test_an_empty_header_between_columns_is_named(round_copy):
    _write(round_copy, _text(round_copy).replace(HEADER, "change,count,,memo_ref"))
    message = _error(round_copy)
    assert "column 3 has no name" in message and "row 1" in message and "unknown column ''" not in message, message


@pytest.mark.parametrize("ending", ["\r", "\r\n"])
def test_old_mac_and_windows_line_ends_are_read(round_copy, ending):
    expected = load_table(round_copy, T6)
    _write(round_copy, _text(round_copy).replace("\n", ending))
    assert load_table(round_copy, T6).equals(expected)


def test_errors_in_a_cr_only_file_name_the_right_row(round_copy):
    _write(round_copy, _text(round_copy).replace("nedlagt,8,31", "nedlagt,-8,31").replace("\n", "\r"))
    message = _error(round_copy)
    assert "row 7" in message and "negative" in message, message


def test_a_duplicated_header_is_named(round_copy):
    _write(round_copy, _text(round_copy).replace(HEADER, "change,count,n,count"))
    message = _error(round_copy)
    assert "the column 'count' appears twice" in message and "columns 2 and 4" in message and "row 1" in message


def test_rows_after_a_cell_with_line_breaks_are_named_by_their_physical_line(round_copy):
    text = _text(round_copy)
    lines = text.splitlines()
    assert lines[3].startswith('"Der er sket ændringer i de indsatser')
    lines[3] = lines[3].replace("ændringer i de indsatser", "ændringer\ni de\nindsatser")   # two breaks in a cell
    text = "\n".join(lines) + "\n"
    _write(round_copy, text.replace("nedlagt,8,31", "nedlagt,-8,31"))
    message = _error(round_copy)
    physical = next(i for i, ln in enumerate(text.splitlines(), start=1) if "nedlagt,8,31" in ln)
    assert physical == 9 and f"row {physical}" in message, message   # Excel would show row 7; the file has 9
    # and the row holding the line breaks is named by the line it starts on
    _write(round_copy, text.replace(",20,31,Tabel 6", ",x20,31,Tabel 6"))
    message = _error(round_copy)
    assert "row 4" in message and "column 'count'" in message, message


@pytest.mark.parametrize("cell", ["0.36", "0.360", "1.000", "0.5"])
def test_a_dot_decimal_in_a_semicolon_file_says_so(round_copy, cell):
    name = "lg_insight_2018"
    _write(round_copy, _semicolon(_text(round_copy, name)).replace(";0.36;", f";{cell};"), name)
    message = _error(round_copy, name)
    assert "'.' is not the decimal mark in a ';' file" in message and "row 2" in message, message
    assert "outside 0..1" not in message


def test_a_dot_decimal_count_in_a_semicolon_file_says_so(round_copy):
    _write(round_copy, _semicolon(_text(round_copy)).replace(";29;31;", ";29.5;31;"))
    message = _error(round_copy)
    assert "'.' is not the decimal mark in a ';' file" in message and "row 2" in message and "'count'" in message


def test_danish_thousands_are_still_read(round_copy):
    semicolon = _semicolon(_text(round_copy))
    _write(round_copy, semicolon.replace(";29;31;", ";1.029;1.031;"))
    frame = load_table(round_copy, T6)
    assert frame["count"].iloc[0] == 1029 and frame["n"].iloc[0] == 1031
    _write(round_copy, semicolon.replace(";29;31;", ";0.029;31;"))   # a leading 0 never groups thousands
    assert "'.' is not the decimal mark" in _error(round_copy)


@pytest.mark.parametrize("cell", ["1e999", "inf", "-Infinity", "nan", "1e300", "99999999999999999999"])
def test_huge_and_infinite_numbers_in_a_table_are_refused(round_copy, cell):
    name = "lg_insight_2018"
    _write(round_copy, _text(round_copy, name).replace(",0.36,", f",{cell},"), name)
    message = _error(round_copy, name)
    assert "row 2" in message and "column 'share'" in message, message


@pytest.mark.parametrize("old, new, key", [
    ("      ending_rate: 0.25", "      ending_rate: .inf", "outlook.scenarios[3].ending_rate"),
    ("      ending_rate: 0.25", "      ending_rate: 1.0e+300", "outlook.scenarios[3].ending_rate"),
    ("      ending_rate: 0.25", "      ending_rate: -.Inf", "outlook.scenarios[3].ending_rate"),
    ("      new_matches_per_year: reported_mean\n      ending_rate: 0.25",
     "      new_matches_per_year: 100000000000000000000\n      ending_rate: 0.25", "outlook.scenarios[3].new_matches_per_year"),
])
def test_round_yml_refuses_huge_and_infinite_numbers_naming_the_key(round_copy, old, new, key):
    from vvvanalysis.config import load_config

    path = round_copy / "round.yml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config("midterm")
    message = info.value.render()
    assert f"key '{key}'" in message and "round.yml" in message and "row " in message, message


@pytest.mark.parametrize("value", ["1000000000000000000000", ".inf", "1.0e+300", ".nan"])
def test_a_target_refuses_huge_and_infinite_numbers_naming_the_key(round_copy, value):
    path = round_copy / "succeskriterier.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  target: 7000\n", f"  target: {value}\n", 1), encoding="utf-8")
    with pytest.raises(DataError) as info:
        validate_round(round_copy)
    message = info.value.render()
    assert "key 'succeskriterier[2].target'" in message and "succeskriterier.yaml" in message, message
