"""Cited statements from sources outside the data (kontekst.yaml 'citerede_udsagn'): number, since, source.

Prose writes e.g. 'ifølge organisationernes pressemeddelelse [@presse2023] har {{< meta
v.citat_presse_10000_venner_omfang >}} flygtninge haft en frivillig ven siden {{< meta
v.citat_presse_10000_venner_siden >}}' - a cited statement, never a data series; its source is a citation, not
a key."""

from vvvanalysis import danish
from vvvanalysis.sources import cited_statements


def values(round_name) -> dict[str, str]:
    out = {}
    for s in cited_statements(round_name):
        key = f"citat_{s['id']}"
        out[f"{key}_omfang"] = f"{s['qualifier']} {danish.number(s['value'])}".strip()
        out[f"{key}_siden"] = str(s["since"])
    return out
