"""YAML schemas (qualitative files and data notes), validate_round and load_round."""

from __future__ import annotations

import pytest
from conftest import MIDTERM, QUAL_FIXTURES, copy_round

from vvvanalysis.data import TABLES, YAMLS, load_round, load_yaml, validate_round
from vvvanalysis.errors import DataError


def test_validate_round_checks_every_declared_file(round_copy):
    paths = validate_round(round_copy)
    assert {p.name for p in paths} == {s.file for s in TABLES.values() if not s.optional} | {s.file for s in YAMLS.values()}


def test_missing_qualitative_yaml_is_an_error(tmp_path, monkeypatch):
    folder = copy_round(tmp_path, monkeypatch, with_qual=False)
    for name in ("anbefalinger", "citater", "succeskriterier", "forandringsteori", "organisation"):
        (folder / f"{name}.yaml").unlink(missing_ok=True)
    with pytest.raises(DataError, match="anbefalinger.yaml.*missing"):
        validate_round(folder)


def test_load_round_gives_attribute_and_item_access(round_copy):
    data = load_round(round_copy)
    assert data.tabel6_reorganisering.equals(data["tabel6_reorganisering"])
    assert data.anbefalinger["anbefalinger"][0]["id"] == "6.1-1"
    assert "datanoter" in data and "nonexistent" not in data
    with pytest.raises(AttributeError):
        data.nonexistent


def test_datanoter_record_both_values_and_a_decision():
    notes = load_yaml(MIDTERM, "datanoter")["datanoter"]
    assert len(notes) >= 15
    for note in notes:
        assert len(note["values"]) >= 2 and note["decision"] and note["reason"]


def _yaml_error(folder, name, text) -> str:
    (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_yaml(folder, name)
    return str(info.value)


RECORD = """citater:
  - id: a
    text: Hej
    speaker: Kirsten
    age: {age}
    role: frivillig
    section: "7.1"
"""


def test_yaml_wrong_type_names_line_and_field(round_copy):
    msg = _yaml_error(round_copy, "citater", RECORD.format(age='"halvtreds"'))
    assert "citater.yaml" in msg and "row 5" in msg and "column 'age'" in msg and "expected whole number or null" in msg


def test_yaml_null_allowed_where_declared(round_copy):
    (round_copy / "citater.yaml").write_text(RECORD.format(age="null"), encoding="utf-8")
    assert load_yaml(round_copy, "citater")["citater"][0]["age"] is None


def test_yaml_missing_field(round_copy):
    msg = _yaml_error(round_copy, "citater", RECORD.format(age=1).replace("    role: frivillig\n", ""))
    assert "field 'role' is missing" in msg and "row 2" in msg


def test_yaml_unknown_field(round_copy):
    msg = _yaml_error(round_copy, "citater", RECORD.format(age=1) + "    mood: glad\n")
    assert "unknown field 'mood'" in msg and "row 8" in msg


def test_yaml_duplicate_id(round_copy):
    text = RECORD.format(age=1) + RECORD.format(age=2).replace("citater:\n", "")
    msg = _yaml_error(round_copy, "citater", text)
    assert "duplicate id 'a'" in msg and "row 8" in msg and "first on line 2" in msg


def test_yaml_bad_comparator(round_copy):
    text = (QUAL_FIXTURES / "succeskriterier.yaml").read_text(encoding="utf-8").replace('">="', '"=>"', 1)
    msg = _yaml_error(round_copy, "succeskriterier", text)
    assert "column 'comparator'" in msg and "one of >=, <=, <" in msg


def test_free_mapping_needs_source_or_section(round_copy):
    msg = _yaml_error(round_copy, "organisation", "niveauer: [nationalt]\n")
    assert "organisation.yaml" in msg and "source or section" in msg


def test_yaml_top_level_must_be_mapping(round_copy):
    assert "top level is not a mapping" in _yaml_error(round_copy, "anbefalinger", "- a\n- b\n")


def test_yaml_syntax_error(round_copy):
    msg = _yaml_error(round_copy, "anbefalinger", "anbefalinger:\n  - id: a\n   text: [\n")
    assert "cannot be parsed" in msg and "row" in msg


def test_target_in_yaml_must_match_the_csv(round_copy):
    path = round_copy / "succeskriterier.yaml"
    text = path.read_text(encoding="utf-8")
    assert "target: 90\n" in text
    path.write_text(text.replace("target: 90\n", "target: 95\n", 1), encoding="utf-8")
    with pytest.raises(DataError, match="target 95 of 'kommuner' differs"):
        validate_round(round_copy)


def test_unknown_yaml_name():
    with pytest.raises(DataError, match="unknown YAML file 'bilag'"):
        load_yaml(MIDTERM, "bilag")


def test_read_log_records_every_file(round_copy, tmp_path, monkeypatch):
    log = tmp_path / "reads.log"
    monkeypatch.setenv("VVV_READ_LOG", str(log))
    validate_round(round_copy)
    read = {line.rsplit("/", 1)[-1] for line in log.read_text(encoding="utf-8").splitlines()}
    assert read == {s.file for s in TABLES.values() if not s.optional} | {s.file for s in YAMLS.values()}



# --- the fast parser (libyaml) and the pure-Python one read every YAML file of the project alike ---------------
def _yaml_files():
    from conftest import ROOT

    return sorted(p for folder in ("data", "tests/fixtures", "report") for p in (ROOT / folder).rglob("*.y*ml"))


def _positions(node, out):
    import yaml

    out.append((type(node).__name__, node.tag, node.value if isinstance(node, yaml.ScalarNode) else None,
                node.start_mark.line, node.start_mark.column))
    children = [c for pair in node.value for c in pair] if isinstance(node, yaml.MappingNode) else (
        node.value if isinstance(node, yaml.SequenceNode) else [])
    for child in children:
        _positions(child, out)
    return out


def test_fast_and_pure_yaml_parsers_give_the_same_data_and_lines():
    """Lines in error messages and review anchors come from the parser's positions: both parsers must agree."""
    from vvvanalysis.data import readers

    files = _yaml_files()
    assert len(files) >= 20 and readers._FastStrictLoader is not readers._StrictLoader   # libyaml is in use
    for path in files:
        text = path.read_text(encoding="utf-8-sig")
        try:
            pure = readers._compose_and_load(text, readers._StrictLoader)
        except Exception:
            continue   # a fixture that is meant to be refused: the fast path falls back to the pure one for it
        fast = readers._compose_and_load(text, readers._FastStrictLoader)
        assert fast[0] == pure[0], path
        assert _positions(fast[1], []) == _positions(pure[1], []), path
