"""Kapitel 'Udvikling siden forrige runde' (rounds with compare_with: in round.yml): inline numbers."""

from vvvanalysis import comparison, danish


def values(round_name) -> dict[str, str]:
    if comparison.previous_round(round_name) is None:
        return {}
    prev, cur = comparison.rounds(round_name)
    counts = comparison.counts(round_name).set_index("key")
    shares = comparison.shares(round_name)
    out = {
        "udv_forrige_runde": prev.round_label.lower(),
        "udv_denne_runde": cur.round_label.lower(),
        "udv_forrige_dato": danish.month(prev.report_date),
        "udv_andele_antal": danish.number(len(shares)),
        "udv_andele_tilfaeldige": danish.number(int(shares["covers_zero"].sum())),
        "udv_andele_sikre": danish.number(int((~shares["covers_zero"]).sum())),
        "udv_ikke_sammenlignet": danish.number(len(comparison.only_in_one(round_name))),
    }
    for key, row in counts.iterrows():
        out[f"udv_{key}_foer"] = danish.number(row["previous"])
        out[f"udv_{key}_nu"] = danish.number(row["current"])
        out[f"udv_{key}_aendring"] = danish.signed(row["change"])
    return out
