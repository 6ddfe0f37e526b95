"""Afsnit 6.1: tilstedeværelse i kommunerne og samarbejdet med dem."""

from vvvanalysis import danish, indicators


def _answers(frame) -> dict:
    return {label: int(count) for label, count in zip(frame["label"], frame["count"])}


def values(round_name) -> dict[str, str]:
    num = danish.number
    f1 = indicators.fig1(round_name)
    answers = _answers(f1)
    p = indicators.kommune_tilstedevaerelse(round_name)
    aftale = _answers(indicators.samarbejdsaftale(round_name))
    f2 = indicators.fig2(round_name)
    rutiner = _answers(f2)
    f4 = indicators.fig4(round_name)
    andet = _answers(f4)
    nej_reasons = indicators.aarsager(round_name, "fig1_primaer_aarsag")
    f3 = indicators.fig3(round_name)
    very_bad = f3[(f3["topic"] == "vvv") & (f3["rating"] == "Særdeles dårligt")]
    return {
        "fig1_n": num(int(f1["n"].iloc[0])),
        "fig1_ja": num(answers["Ja"]),
        "fig1_nej": num(answers["Nej"]),
        "fig1_ja_pct": danish.percent_text(answers["Ja"] / int(f1["n"].iloc[0])),
        "fig1_ukendt": num(int(f1["n"].iloc[0]) - sum(answers.values())),
        "fig1_nej_aarsager": num(int(nej_reasons["count"].sum())),
        # 6.1.1 Status på tilstedeværelse (Podio)
        "tilst_til_stede": num(p["til_stede"]),
        "tilst_kommuner_i_alt": num(p["kommuner_i_alt"]),
        "tilst_forrige_dato": danish.month(p["forrige_date"]),
        "tilst_ikke_til_stede": num(p["ikke_til_stede"]),
        "tilst_planlagt": num(p["planlagt_opstart"]),
        "tilst_uden_planer": num(p["uden_planer"]),
        "tilst_maal": num(p["maal"]),
        "tilst_mangler": num(max(p["mangler_efter_planlagte"], 0)),   # after the planned start-ups
        # 6.1.2 samarbejdsaftale and Fig. 2 (only kommuner that refer)
        "aftale_n": num(sum(aftale.values())),
        "aftale_ja": num(aftale["Ja"]),
        "aftale_nej": num(aftale["Nej"]),
        "aftale_ved_ikke": num(aftale["Ved ikke"]),
        "fig2_n": num(int(f2["n"].iloc[0])),
        "fig2_faste": num(rutiner["Faste rutiner for henvisning for alle medarbejdere"]),
        "fig2_ingen": num(rutiner["Ingen faste rutiner"]),
        "fig3_saerdeles_daarligt": num(int(very_bad["count"].max())),   # the same kommune for both organisations
        # 6.1.3 Fig. 4
        "fig4_n": num(int(f4["n"].iloc[0])),
        "fig4_ja": num(andet["Ja"]),
        "fig4_ja_pct": danish.percent_text(andet["Ja"] / int(f4["n"].iloc[0])),
        "fig4_nej_pct": danish.percent_text(andet["Nej"] / int(f4["n"].iloc[0])),
    }
