"""Kapitel 2: foreløbige fund og anbefalinger (keys 'fund_…')."""

from vvvanalysis import danish, indicators
from vvvanalysis.data import load_table
from vvvanalysis.disclosure import for_round


def _and_list(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " og " + parts[-1]


def values(round_name) -> dict[str, str]:
    d = indicators.deltagere(round_name)
    k = indicators.kommune_tilstedevaerelse(round_name)
    b = indicators.boligomraader(round_name)
    leaders = load_table(round_name, "frivilligleder_status").set_index("item")
    shortage = leaders.loc["mangel_paa_frivillige"]
    workshop = indicators.workshop(round_name).set_index("question")
    satisfied = workshop.loc["tilfreds_alt_i_alt"]
    matched = sorted(d["matchede"].items())
    leader_rule, workshop_rule = for_round(round_name, "frivilligleder_status"), for_round(round_name, "kursusevaluering_workshop")
    persons = for_round(round_name, "deltagere_og_matches").count   # participants and matches are persons
    short_count, satisfied_count = int(shortage["count"]), int(satisfied["count"])
    return {
        "fund_kumuleret": persons(d["kumuleret_2020"]),
        "fund_aktive_foer": persons(d["aktive_2018"]),
        "fund_matchede_tekst": _and_list([f"{persons(c)} i {y}" for y, c in matched]),
        "fund_matchede_sidste_aar": str(matched[-1][0]),
        "fund_deltagere": persons(d["deltagere_2020"]),
        "fund_deltagere_maal": danish.number(d["maal"]),
        "fund_deltagere_mangler": danish.number(d["mangler_til_maal"]),
        "fund_kommuner_til_stede": danish.number(k["til_stede"]),
        "fund_kommuner_i_alt": danish.number(k["kommuner_i_alt"]),
        "fund_kommuner_dato": danish.month(k["date"]),
        "fund_kommuner_planlagt": danish.number(k["planlagt_opstart"]),
        "fund_kommuner_maal": danish.number(k["maal"]),
        "fund_ledere_mangel": f"{leader_rule.count(short_count)} ud af {danish.number(int(shortage['n']))}",
        "fund_ledere_mangel_pct": leader_rule.share_text(short_count,
                                                         danish.percent_text(shortage["count"] / shortage["n"])),
        "fund_workshop_tilfreds": f"{workshop_rule.count(satisfied_count)} ud af {danish.number(int(satisfied['n']))}",
        "fund_bolig_etableret": danish.number(b["etableret"]),
        "fund_bolig_maal": danish.number(b["maal"]),
        "fund_bolig_mangler": danish.number(b["mangler"]),
        "fund_bolig_planlagt": danish.number(b["planlagt"]),
    }
