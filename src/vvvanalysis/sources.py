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
