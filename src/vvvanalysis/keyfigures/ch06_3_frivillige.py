"""Afsnit 6.3: frivilligkapaciteten i kommunerne."""

from vvvanalysis import danish, indicators, uncertainty
from vvvanalysis.data import load_table
from vvvanalysis.disclosure import for_round


def values(round_name) -> dict[str, str]:
    pct = danish.percent_text
    targets = indicators.targets(round_name)
    lg = indicators.lg_insight_2018(round_name)
    t7 = indicators.tabel7(round_name)
    row = lambda word: indicators.row_containing(t7, word, "tabel7_frivilligkapacitet")
    alle, ventetid, for_faa = row("inden for rimelig tid"), row("lidt ventetid"), row("for få frivillige")
    status = indicators.frivilligleder_status(round_name).set_index("label")
    mangel, mangler_flygtninge = status.loc["mangel_paa_frivillige"], status.loc["mangler_flygtninge"]
    leaders = for_round(round_name, "frivilligleder_status")   # volunteer leaders are persons
    few, fm = leaders.share_text, int(mangel["count"])
    fl = int(mangler_flygtninge["count"])
    return {
        "friv_maal_ledere": pct(targets["frivilligledere_kapacitet"]),
        "friv_maal_kommuner": pct(targets["kommuner_tilbydes_ven"]),
        "friv_lg_aar": str(int(load_table(round_name, "lg_insight_2018")["year"].max())),
        "friv_lg_aarsag": pct(lg["manglende_frivillige_aarsag"]),
        "friv_lg_udfordring": pct(lg["manglende_frivillige_udfordring_paa_sigt"]),
        "tabel7_n": danish.number(int(t7["n"].iloc[0])),
        "tabel7_alle_pct": pct(alle["share"]),
        "tabel7_ventetid_pct": pct(ventetid["share"]),
        "tabel7_for_faa_pct": pct(for_faa["share"]),
        "tabel7_for_faa_antal": danish.number(int(for_faa["count"])),
        "tabel7_for_faa_interval": uncertainty.interval_prose(int(for_faa["count"]), int(for_faa["n"])),
        "friv_rk_mangel": leaders.count(fm),
        "friv_rk_n": danish.number(int(mangel["n"])),
        "friv_rk_mangel_pct": few(fm, pct(mangel["share"])),
        "friv_rk_mangel_interval": few(fm, uncertainty.interval_prose(fm, int(mangel["n"]))),
        "friv_rk_mangler_flygtninge": leaders.count(fl),
        "friv_rk_mangler_flygtninge_pct": few(fl, pct(mangler_flygtninge["share"])),
    }
