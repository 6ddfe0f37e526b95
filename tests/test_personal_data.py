"""No personal data in the data or the reports: the data hold pseudonyms only.

Scans data/** and the rendered report (HTML text, PDF text, DOCX text) for e-mail addresses, Danish phone
numbers and CPR-like numbers (patterns in vvvanalysis.personal_data, also used by `vvv import` for quotes).
The patterns are precise enough to pass ordinary numbers (6.063, 29 %,
2021-11-30, 30. november 2021, table rows of counts); the first tests prove that on examples.
"""

from __future__ import annotations

import html as htmllib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

from vvvanalysis.guard import CSS_IMPORT, CSS_URL, RESOURCE_ATTR  # noqa: E402  (one definition: the render guard)
from vvvanalysis.personal_data import find as find_personal_data  # noqa: E402  (the scan vvv validate runs)


@pytest.mark.parametrize("text", [
    "ole.hansen@example.dk", "skriv til info@drc.dk", "tlf. 12 34 56 78", "Telefon: 1234 5678",
    "+45 12 34 56 78", "+4512345678", "ring 20 30 40 50", "ring på 20304050", "CPR 010190-1234",
    "0101901234", "311299 1234",
])
def test_patterns_catch_personal_data(text):
    assert find_personal_data(text), text


@pytest.mark.parametrize("text", [
    "6.063 deltagere", "7.000 aktive deltagere", "29 %", "0,36", "2021-11-30", "30.11.2021",
    "30. november 2021", "april 2020 – november 2021", "29 31 22 31 20 31", "2019 2020 2021",
    "Tabel 11", "afsnit 6.2.1", "@fig-henvisning", "n = 42", "1.234.567", "SOURCE_DATE_EPOCH=1638230400",
    "2016-2018", "12.345.678", "side 12/34", "ISBN 978-87-93", "sha256 3f07018064a9e1", "a95140345",
])
def test_patterns_pass_ordinary_numbers(text):
    assert not find_personal_data(text), find_personal_data(text)


def _data_files():
    # the allow-list of public contact data is exempt: it exists to hold them (its example is a comment)
    return sorted(p for p in (ROOT / "data").rglob("*") if p.is_file() and p.suffix in {".csv", ".yaml", ".yml", ".md"}
                  and p.name != "offentlige_kontaktdata.yaml")


@pytest.mark.parametrize("path", _data_files(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_data_holds_no_personal_data(path):
    hits = find_personal_data(path.read_text(encoding="utf-8-sig"))
    assert not hits, f"{path.relative_to(ROOT)}: {hits}"


def html_text(markup: str) -> str:
    """Visible text: no style/script, every tag a line break (table cells never run together)."""
    markup = re.sub(r"(?is)<(style|script)\b.*?</\1>", "\n", markup)
    return htmllib.unescape(re.sub(r"<[^>]+>", "\n", markup))


@pytest.fixture(scope="module")
def report_texts(rendered_midterm) -> dict[str, str]:
    import docx
    from pypdf import PdfReader

    out = rendered_midterm / "output" / "midterm"
    document = docx.Document(out / "vvv-midterm.docx")
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return {
        "html": html_text((out / "vvv-midterm.html").read_text(encoding="utf-8")),
        "pdf": "\n".join(page.extract_text() for page in PdfReader(out / "vvv-midterm.pdf").pages),
        "docx": "\n".join([p.text for p in document.paragraphs] + cells),
    }


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx"])
def test_report_holds_no_personal_data(report_texts, fmt):
    text = report_texts[fmt]
    assert "6.063" in text, "the text extraction found no report text"
    hits = find_personal_data(text)
    assert not hits, f"{fmt}: {hits}"


# --- the HTML is self-contained ------------------------------------------------------------------------
def test_html_loads_nothing_from_the_network(rendered_midterm):
    """No <img|script|link|iframe|…> src/href and no CSS url()/@import points at http(s):// or //host;
    ordinary <a href="https://…"> links in the text are allowed (a reader may follow them)."""
    markup = (rendered_midterm / "output" / "midterm" / "vvv-midterm.html").read_text(encoding="utf-8")
    assert not RESOURCE_ATTR.findall(markup)
    assert not CSS_URL.findall(markup)
    assert not CSS_IMPORT.findall(markup)
    assert 'src="data:image/svg+xml;base64,' in markup   # the figures are embedded, as vector images


def test_the_network_check_sees_resources_but_allows_links():
    assert RESOURCE_ATTR.search('<script src="https://cdn.example.org/x.js"></script>')
    assert RESOURCE_ATTR.search("<link rel=stylesheet href='//fonts.example.com/css'>")
    assert CSS_URL.search("body { background: url('https://example.org/bg.png') }")
    assert CSS_IMPORT.search('@import "https://fonts.example.com/a.css";')
    assert not RESOURCE_ATTR.search('<a href="https://www.siri.dk">SIRI</a>')
    assert not RESOURCE_ATTR.search('<img src="data:image/png;base64,AAAA">')


def test_the_scan_refuses_personal_data_and_honours_the_allow_list(tmp_path, monkeypatch):
    from vvvanalysis.errors import DataError
    from vvvanalysis.personal_data import check_files

    monkeypatch.setenv("VVV_ROOT", str(tmp_path))
    (tmp_path / "data").mkdir()
    note = tmp_path / "data" / "x.csv"
    note.write_text("key,note\nrk,skriv til kontakt@drc.ngo eller ring +45 33 73 50 00\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"row 2, column 'note'.*e-mail address: e-mail k\*\*\*@\*\*\*\.ngo.*"
                                        r"offentlige_kontaktdata.yaml") as caught:
        check_files([note], tmp_path)
    assert "kontakt@drc.ngo" not in caught.value.render()
    (tmp_path / "data" / "offentlige_kontaktdata.yaml").write_text(
        "allow:\n  - value: KONTAKT@drc.ngo\n    reason: DRC's public address\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"phone number: phone \+45 \*\* \*\* \*\* 00"):
        check_files([note], tmp_path)
    with open(tmp_path / "data" / "offentlige_kontaktdata.yaml", "a", encoding="utf-8") as fh:
        fh.write("  - value: 33735000\n    reason: DRC's switchboard\n")
    check_files([note], tmp_path)   # both are public contacts now


@pytest.mark.parametrize("value, shown", [
    ("010190-1357", "CPR ******-1357"), ("0101901357", "CPR ******1357"), ("311299 1357", "CPR ****** 1357"),
    ("jens.hansen@kommune.dk", "e-mail j***@***.dk"), ("tlf. 12 34 56 78", "phone tlf. ** ** ** 78"),
    ("+45 12 34 56 78", "phone +45 ** ** ** 78"), ("12345678", "phone ******78"),
])
def test_a_value_is_shown_masked(value, shown):
    from vvvanalysis.personal_data import masked

    (kind, found), = find_personal_data(value)
    assert found == value and masked(kind, value) == shown


def test_every_message_is_masked_whatever_echoes_the_value():
    """A user error echoing any cell (an unknown code, a quote) prints it masked, in every command: the mask
    sits in VVVError.render, which the CLI, the preview banner and the importer all print through."""
    from vvvanalysis.errors import DataError

    error = DataError("unknown code 'jens@kommune.dk; 010190-1357; tlf. 12 34 56 78'", file="x.csv", row=3,
                      column="q1", hint="write ring 87654321 or +4512345678")
    text = error.render()
    assert not find_personal_data(text), text
    assert "j***@***.dk" in text and "******-1357" in text and "** ** ** 78" in text and "******21" in text
    assert "file x.csv, row 3, column 'q1'" in text and str(error) == text


def test_an_internal_error_is_masked_too(monkeypatch, capsys):
    from vvvanalysis import cli

    def broken(args):
        raise KeyError("anne@example.dk")
    monkeypatch.setattr(cli, "run", broken)
    assert cli.main(["validate", "--round", "midterm"]) == cli.EXIT_INTERNAL
    err = capsys.readouterr().err
    assert "a***@***.dk" in err and not find_personal_data(err), err
