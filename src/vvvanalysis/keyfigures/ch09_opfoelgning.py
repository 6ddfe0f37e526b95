"""Kapitel 'Opfølgning på anbefalingerne' (rounds with opfoelgning.csv): counts per status."""

from vvvanalysis import danish
from vvvanalysis.data.tables import FOLLOWUP_STATUS, TABLES
from vvvanalysis.paths import round_dir


def values(round_name) -> dict[str, str]:
    if not (round_dir(round_name) / TABLES["opfoelgning"].file).exists():
        return {}
    from vvvanalysis.outputs.opfoelgning import status_counts

    counts = status_counts(round_name)
    out = {f"opf_{status.replace('ø', 'oe')}": danish.number(counts[status]) for status in FOLLOWUP_STATUS}
    out["opf_i_alt"] = danish.number(sum(counts.values()))
    return out
