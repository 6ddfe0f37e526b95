"""Afsnit 6.2: deltagere og matches, rekruttering og reorganisering i kommunerne."""

from vvvanalysis import danish, indicators
from vvvanalysis.disclosure import for_round


def values(round_name) -> dict[str, str]:
    num = danish.number
    persons = for_round(round_name, "deltagere_og_matches").count   # participants and matches are persons
    d = indicators.deltagere(round_name)
    matched = d["matchede"]
    years = sorted(matched)
    t6 = indicators.tabel6(round_name)
    ned = indicators.nedgang_betydning(round_name)
    r = indicators.aarsager(round_name, "afsnit_6_2_2")
    reasons = dict(zip(r["reason"], r["count"]))
    referral = indicators.henvisningskilder(round_name)
    return {
        "deltagere_maal": num(d["maal"]),
        "deltagere_mangler": num(d["mangler_til_maal"]),
        "match_deltagere": persons(d["deltagere"]),
        "match_aktive_foer": persons(d["aktive_basis"]),
        "match_aktive_aar": str(d["basisaar"]),
        "match_deltagere_aar": str(d["aar"]),
        "match_foerste_aar": str(years[0]),
        "match_sidste_aar": str(years[-1]),
        "match_matchede_foerste": persons(matched[years[0]]),
        "match_matchede_sidste": persons(matched[years[-1]]),
        "match_kumuleret": persons(d["kumuleret"]),
        "tabel6_n": num(int(t6["n"].iloc[0])),
        "tabel6_reduceret_pct": danish.percent_text(indicators.row_containing(t6, "reduceret", "tabel6_reorganisering")["share"]),
        "tabel6_nedlagt_pct": danish.percent_text(indicators.row_containing(t6, "nedlagt", "tabel6_reorganisering")["share"]),
        "tabel6_lab_pct": danish.percent_text(indicators.row_containing(t6, "LAB-loven", "tabel6_reorganisering")["share"]),
        "nedgang_ja": num(ned["count"]),
        "nedgang_n": num(ned["n"]),
        "nedgang_pct": danish.percent_text(ned["share"]),
        "aarsag_ressourcer": num(int(reasons["manglende_ressourcer"])),
        "aarsag_andre_tilbud": num(int(reasons["andre_tilbud_daekker_behovet"])),
        "aarsag_frivillige": num(int(reasons["ikke_nok_frivillige"])),
        "henvisning_jobcenter": num(referral["Jobcenter"]),
        "henvisning_boligsociale": num(referral["Boligsociale aktører"]),
    }
