"""Source lines for figures and tables, from the round's own source register (kilder.csv).

Round-specific facts (which survey, when) therefore never sit in code: 'Kommunesurvey, juni 2021'.
"""

from __future__ import annotations

from vvvanalysis import danish
from vvvanalysis.data import load_table
from vvvanalysis.errors import DataError


def source_label(round_ref, key: str) -> str:
    sources = load_table(round_ref, "kilder").set_index("key")
    if key not in sources.index:
        raise DataError(f"source '{key}' is not in kilder.csv", file="kilder.csv", column="key",
                        hint="add the source to data/<round>/kilder.csv")
    row = sources.loc[key]
    return f"{row['name']}, {danish.month(row['date'])}"


CITED_FIELDS = {"id": str, "text": str, "value": (int, float), "qualifier": str, "since": int, "source": str,
                "wording": str, "section": str}


def cited_statements(round_ref) -> list[dict]:
    """Statements of sources outside the evaluation's data (kontekst.yaml 'citerede_udsagn'), e.g. press
    material: usable in prose as a cited statement with its source, never as a data series. Each names a
    kilder.csv key; the list is empty when the round has none."""
    from vvvanalysis.data import load_yaml
    from vvvanalysis.paths import round_dir

    path = round_dir(round_ref) / "kontekst.yaml"
    items = load_yaml(round_ref, "kontekst").get("citerede_udsagn") or []
    keys = set(load_table(round_ref, "kilder")["key"])
    for i, item in enumerate(items, start=1):
        where = f"citerede_udsagn[{i}]"
        for name, kind in CITED_FIELDS.items():
            if not isinstance(item, dict) or not isinstance(item.get(name), kind) or isinstance(item.get(name), bool):
                raise DataError(f"{where}: field '{name}' is missing or not {getattr(kind, '__name__', 'a number')}",
                                file=path, column=name, expected=", ".join(CITED_FIELDS),
                                hint="see the comment at the top of kontekst.yaml")
        if item["wording"] not in ("ordret", "gengivet"):
            raise DataError(f"{where}: wording '{item['wording']}'", file=path, column="wording",
                            expected="ordret or gengivet")
        if item["source"] not in keys:
            raise DataError(f"{where}: unknown source '{item['source']}'", file=path, column="source",
                            expected="a key of kilder.csv: " + ", ".join(sorted(keys)),
                            hint="add the source to kilder.csv")
    return [dict(item, source_label=source_label(round_ref, item["source"])) for item in items]
