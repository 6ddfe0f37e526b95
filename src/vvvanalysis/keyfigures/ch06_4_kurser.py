"""Afsnit 6.4: de frivilliges kompetenceudvikling (kurser, kursusevaluering, workshop)."""

from vvvanalysis import danish, indicators
from vvvanalysis.data import load_table
from vvvanalysis.disclosure import WITHHELD_TEXT, for_round


def values(round_name) -> dict[str, str]:
    num, pct = danish.number, danish.percent_text
    targets = indicators.targets(round_name)
    k = indicators.kurser_summary(round_name)
    viden = indicators.fig9(round_name).set_index("label")
    redskaber = indicators.fig10(round_name).set_index("label")
    ws = indicators.workshop(round_name)
    ws_one = {(r.question, r.label): int(r.count) for r in ws.itertuples()}
    survey, ws_rule = for_round(round_name, "kursusevaluering_svar"), for_round(round_name, "kursusevaluering_workshop")
    participants = for_round(round_name, "tabel8_kurser")

    frames = {"viden": viden, "redskaber": redskaber}
    statuses = {key: dict(zip(f.index, survey.statuses(f))) for key, f in frames.items()}   # the figures' rule

    def share(key, label):   # a share of few persons is not printed (nor one withheld to protect it)
        f = frames[key]
        return survey.cell_text(f.loc[label, "count"], statuses[key][label], pct(f.loc[label, "share"]))
    courses = indicators.tabel8(round_name)
    return {
        "kursus_maal_andel": pct(targets["kursister_rustet"]),
        "kursus_maal_antal": num(targets["kurser"]),
        "kursus_maal_afbrudte": pct(targets["afbrudte_forloeb"]),
        "kursus_aarligt": num(indicators.noegletal(round_name)["kurser_og_temadage_aarligt"]),
        "kursus_dato": danish.month(load_table(round_name, "kilder").set_index("key").loc["kursusoversigt", "date"]),
        "kursus_kurser": num(k["kurser"]),
        "kursus_workshops": num(k["workshops"]),
        "kursus_i_alt": num(k["kurser"] + k["workshops"]),
        # the total of Tabel 8: withheld with the table's 'I alt' when it would give a small course back
        "kursus_deltagere": WITHHELD_TEXT if participants.total_withheld(courses, "participants")
        else participants.count(k["deltagere"]),
        "kursus_fysiske": num(k["fysiske_kurser"]),
        "kursus_fysiske_workshops": num(k["fysiske_workshops"]),
        "kursus_webinarer": num(k["webinarer"]),
        "fig9_n": num(int(viden["n"].iloc[0])),
        "fig9_hoej_pct": share("viden", "I høj grad"),
        "fig9_nogen_pct": share("viden", "I nogen grad"),
        "fig9_slet_ikke_pct": share("viden", "Slet ikke"),
        "fig10_n": num(int(redskaber["n"].iloc[0])),
        "fig10_hoej_pct": share("redskaber", "I høj grad"),
        "fig10_nogen_pct": share("redskaber", "I nogen grad"),
        "fig10_slet_ikke_pct": share("redskaber", "Slet ikke"),
        "workshop_n": num(int(ws["n"].iloc[0])),
        "workshop_tilfreds": ws_rule.count(ws_one[("tilfreds_alt_i_alt", "I høj grad")]),
        "workshop_formen": ws_rule.count(ws_one[("tilfreds_med_formen", "I høj grad")]),
        "workshop_ny_viden": ws_rule.count(ws_one[("vigtigste_udbytte", "Ny viden")]),
        "workshop_foerstehjaelp": ws_rule.count(ws_one[("vigtigste_udbytte", "Lærte førstehjælp")]),
        "workshop_nye_mennesker": ws_rule.count(ws_one[("laert_nye_mennesker_at_kende", "I høj grad")]),
        "workshop_netvaerksperson": ws_rule.count(ws_one[("god_oplevelse_med_netvaerksperson", "I høj grad")]),
    }
