"""Schemas of the YAML files of a round (qualitative data and data notes) and their validation."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from vvvanalysis.errors import DataError

NUMBER = (int, float)
ANY_SCALAR = (str, int, float, bool)


@dataclass(frozen=True)
class Field:
    name: str
    types: tuple[type, ...]
    nullable: bool = False
    choices: tuple | None = None
    items: tuple["Field", ...] | None = None  # for a list of mappings
    optional: bool = False                     # the key may be left out


@dataclass(frozen=True)
class RecordList:
    """{list_key: [ {field: value, ...}, ... ]} with a unique 'id' per record."""

    name: str
    list_key: str
    fields: tuple[Field, ...]

    @property
    def file(self) -> str:
        return f"{self.name}.yaml"


@dataclass(frozen=True)
class FreeMapping:
    """Free structure, but a mapping that says where it comes from."""

    name: str
    any_of: tuple[str, ...] = ("source", "section")

    @property
    def file(self) -> str:
        return f"{self.name}.yaml"


def _s(name, nullable=False):
    return Field(name, (str,), nullable)


YAMLS = {
    s.name: s
    for s in [
        RecordList("anbefalinger", "anbefalinger", (
            _s("id"), _s("section"), _s("box"), _s("theme"), _s("text"), Field("in_chapter2", (bool,)),
            _s("chapter2_text", True), Field("chapter2_bullet", (int,), optional=True),
            _s("chapter2_difference", True))),
        RecordList("citater", "citater", (
            _s("id"), _s("text"), _s("speaker", True), Field("age", (int,), nullable=True),
            Field("role", (str,), choices=("deltager", "frivillig", "boligsocial_aktoer", "kommune_respondent")),
            _s("section"), Field("note", (str,), optional=True),
            # example: an invented example quote (a template round); from: the earlier report it was said in,
            # e.g. "evalueringsnotatet, november 2021" - a carried-over quote is never a new finding
            Field("example", (bool,), optional=True), Field("from", (str,), optional=True))),
        RecordList("succeskriterier", "succeskriterier", (
            _s("id"), _s("section"), _s("objective"), _s("criterion"), Field("target", NUMBER), _s("unit"),
            Field("comparator", (str,), choices=(">=", "<=", "<")),
            # a table's noun phrases for the verbatim sentences (Bilag C), optional
            Field("objective_short", (str,), optional=True), Field("criterion_short", (str,), optional=True))),
        FreeMapping("forandringsteori"),
        FreeMapping("organisation"),
        FreeMapping("kontekst"),
        RecordList("datanoter", "datanoter", (
            _s("id"), _s("topic"),
            Field("values", (list,), items=(Field("value", ANY_SCALAR), _s("memo_ref"))),
            _s("decision"), _s("reason"))),
    ]
}


def validate_yaml(schema, data, node, path: Path) -> None:
    if not isinstance(data, dict):
        raise DataError("the top level is not a mapping", file=path, row=_line(node),
                        expected=f"a mapping ('key: value' lines) at the top of {path.name}",
                        hint="see the schema in vvvanalysis/data/yaml_schemas.py")
    if isinstance(schema, FreeMapping):
        if not any(k in data for k in schema.any_of):
            raise DataError("the mapping does not say where it comes from", file=path, row=_line(node),
                            column=schema.any_of[0], expected="a top-level key " + " or ".join(schema.any_of),
                            hint="add e.g. 'section: \"4.2\"' naming the memo section")
        return
    records = data.get(schema.list_key)
    if not isinstance(records, list) or not records:
        raise DataError(f"'{schema.list_key}' is missing or not a non-empty list", file=path, row=_line(node),
                        column=schema.list_key, expected=f"'{schema.list_key}:' followed by '- id: ...' records",
                        hint="see the schema in vvvanalysis/data/yaml_schemas.py")
    list_node = _child(node, schema.list_key)
    seen: dict[str, int] = {}
    for i, record in enumerate(records):
        rec_node = list_node.value[i] if list_node is not None else None
        _check_record(schema.fields, record, rec_node, path)
        line = _line(rec_node)
        if record["id"] in seen:
            raise DataError(f"duplicate id '{record['id']}' (first on line {seen[record['id']]})", file=path,
                            row=line, column="id", expected="unique ids", hint="give the record a new id")
        seen[record["id"]] = line


def _check_record(fields, record, node, path):
    if not isinstance(record, dict):
        raise DataError("a list item is not a mapping", file=path, row=_line(node),
                        expected="'- field: value' items", hint="indent the fields under the '-'")
    names = [f.name for f in fields]
    for key in record:
        if key not in names:
            raise DataError(f"unknown field '{key}'", file=path, row=_line(_child(node, key) or node), column=key,
                            expected="only fields " + ", ".join(names), hint="remove or rename the field")
    for f in fields:
        where = _line(_child(node, f.name) or node)
        if f.name not in record and f.optional:
            continue
        if f.name not in record:
            raise DataError(f"field '{f.name}' is missing", file=path, row=where, column=f.name,
                            expected=_describe(f), hint=f"add '{f.name}:' to the record")
        value = record[f.name]
        if value is None and f.nullable:
            continue
        ok = isinstance(value, f.types) and not (isinstance(value, bool) and bool not in f.types)
        if not ok or (f.choices and value not in f.choices):
            from vvvanalysis.data.characters import difference, look_alike

            meant = look_alike(value, f.choices) if f.choices and isinstance(value, str) else None
            raise DataError(f"field '{f.name}' has the value {value!r}" + (f": {difference(value, meant)}" if meant else ""),
                            file=path, row=where, column=f.name, expected=_describe(f),
                            hint=f"write '{meant}'" if meant else "correct the value")
        if f.items is not None:
            child = _child(node, f.name)
            for j, item in enumerate(value):
                _check_record(f.items, item, child.value[j] if child is not None else None, path)


def _describe(f: Field) -> str:
    if f.choices:
        return "one of " + ", ".join(f.choices)
    names = {int: "whole number", float: "number", str: "text", bool: "true/false", list: "list"}
    kinds = "number" if f.types == NUMBER else " or ".join(names.get(t, t.__name__) for t in f.types)
    return kinds + (" or null" if f.nullable else "")


def _child(node, key):
    if node is None or not hasattr(node, "value") or not isinstance(node.value, list):
        return None
    for k, v in node.value if node.id == "mapping" else []:
        if k.value == key:
            return v
    return None


def _line(node) -> int | None:
    return node.start_mark.line + 1 if node is not None else None
