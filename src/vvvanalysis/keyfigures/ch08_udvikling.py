"""Kapitel 'Udvikling siden forrige runde' (rounds with compare_with: in round.yml): inline numbers."""

from vvvanalysis import comparison, danish, indicators
from vvvanalysis.keyfigures import on_demand
from vvvanalysis.sources import cited_statements


def _against_own_count(round_name) -> dict[str, str]:
    """Each cited statement about how many have had a volunteer friend, held against the report's own count
    (participants at the baseline plus everyone matched since): the text says whether they agree, and if not,
    by how much. A public statement never stands beside a contradicting count unexplained."""
    d = indicators.deltagere(round_name)
    own, year = d["kumuleret"], d["aar"]
    out = {}
    for s in cited_statements(round_name):
        agrees = own > s["value"] if s["qualifier"] == "mere end" else own == s["value"]
        count = f"{danish.number(own)} personer, der havde været i et match frem til udgangen af {year}"
        out[f"udv_{s['id']}_sammenholdt"] = (
            f"Udsagnet stemmer med evalueringens egen opgørelse, som tæller {count}." if agrees else
            f"Udsagnet stemmer ikke med evalueringens egen opgørelse, som tæller {count}; forskellen på "
            f"{danish.number(abs(own - s['value']))} er ikke afklaret, og rapporten bygger på sin egen opgørelse.")
    return out


def values(round_name) -> dict[str, str]:
    if comparison.previous_round(round_name) is None:
        return {}
    _prev, cur = comparison.rounds(round_name)
    counts = comparison.counts(round_name).set_index("key")
    shares = comparison.shares(round_name)
    out = {
        "udv_forrige_runde": comparison.previous_names(round_name)[0],
        "udv_denne_runde": cur.round_label.lower(),
        "udv_andele_antal": danish.number(len(shares)),
        "udv_andele_tilfaeldige": danish.number(int(shares["covers_zero"].sum())),
        "udv_andele_sikre": danish.number(int((~shares["covers_zero"]).sum())),
        "udv_ikke_sammenlignet": danish.number(len(comparison.only_in_one(round_name))),
    }
    out.update(_against_own_count(round_name))
    family = {}   # per compared count: only the members a chapter prints (on_demand)
    for key, row in counts.iterrows():
        family[f"udv_{key}_foer"] = danish.number(row["previous"])
        family[f"udv_{key}_nu"] = danish.number(row["current"])
        family[f"udv_{key}_aendring"] = danish.signed(row["change"])
    return {**out, **on_demand(family)}
