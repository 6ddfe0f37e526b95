"""The memo's verbal roundings as inline values (keys 'rund_…'), computed from data with danish.verbal_*.

Summary boxes and kapitel 2 say 'lige over 6.000' where the body gives 6.063; the rules (which rounding
base, which band is 'knap' or 'lige over') are in danish.py and docs/house-style.md. Participant numbers
are rounded to whole thousands, as the memo does.
"""

from __future__ import annotations

from vvvanalysis import danish, indicators
from vvvanalysis.disclosure import for_round

THOUSAND = 1000


def _share(frame, label: str) -> float:
    row = frame[frame["label"] == label].iloc[0]
    return int(row["count"]) / int(row["n"])


def values(round_name) -> dict[str, str]:
    d = indicators.deltagere(round_name)
    k = indicators.kommune_tilstedevaerelse(round_name)
    out = {
        "rund_deltagere": danish.verbal_amount(d["deltagere"], THOUSAND),
        "rund_deltagere_mangler": danish.verbal_amount(max(d["mangler_til_maal"], 0), THOUSAND),
        "rund_kumuleret": danish.verbal_amount(d["kumuleret"], THOUSAND, wording="plain"),
        "rund_aktive_basis": danish.verbal_amount(d["aktive_basis"], THOUSAND, wording="plain"),
        "rund_kommuner_aendring": danish.verbal_change(k["til_stede"], k["til_stede"] - k["aendring"],
                                                       "kommune", "kommuner"),
    }
    matched = [c for y, c in d["matchede"].items() if y > d["basisaar"]]
    if matched:
        try:
            out["rund_matchede_aarligt"] = danish.verbal_amounts(matched, THOUSAND, below_word="næsten")
        except ValueError:   # the years differ too much for one phrase: give the range instead
            out["rund_matchede_aarligt"] = f"mellem {danish.number(min(matched))} og {danish.number(max(matched))}"
    shares = {
        "rund_fig1_ja": (indicators.fig1(round_name), "Ja", "close", None),
        "rund_samarbejdsaftale_ja": (indicators.samarbejdsaftale(round_name), "Ja", "close", None),
        "rund_fig2_ingen_rutiner": (indicators.fig2(round_name), "Ingen faste rutiner", "plain", None),
        "rund_fig4_nej": (indicators.fig4(round_name), "Nej", "close", None),
        "rund_tabel7_for_faa": (indicators.tabel7(round_name),
                                "Der er for få frivillige ift. behovet for netværksrelationer, og vi kan ikke "
                                "matche alle.", "close", 1 / 3),
    }
    for key, (frame, label, wording, of) in shares.items():
        if (frame["label"] == label).any():
            out[key] = danish.verbal_share(_share(frame, label), wording, of)
    t6 = indicators.tabel6(round_name)
    closed = t6[t6["label"].str.contains("nedlagt", case=False) & ~t6["label"].str.contains("nedprioriteret")]
    if len(closed) == 1:
        out["rund_tabel6_nedlagt"] = danish.verbal_share(float(closed["share"].iloc[0]), "about")
    leaders = indicators.load_table(round_name, "frivilligleder_status").set_index("item")
    if "mangel_paa_frivillige" in leaders.index:
        row = leaders.loc["mangel_paa_frivillige"]   # a verbal share of few persons would give them back too
        out["rund_ledere_mangel"] = for_round(round_name, "frivilligleder_status").share_text(
            int(row["count"]), danish.verbal_share(int(row["count"]) / int(row["n"])))
    workshop = indicators.workshop(round_name)
    new_people = workshop[workshop["question"] == "laert_nye_mennesker_at_kende"]
    if len(new_people) == 1:
        out["rund_workshop_nye_mennesker"] = for_round(round_name, "kursusevaluering_workshop").share_text(
            int(new_people["count"].iloc[0]), danish.verbal_share(float(new_people["share"].iloc[0])))
    lg = indicators.load_table(round_name, "lg_insight_2018").set_index("item")
    if "manglende_frivillige_aarsag" in lg.index:
        out["rund_lg_aarsag"] = danish.verbal_share(float(lg.at["manglende_frivillige_aarsag", "share"]))
    facts = indicators.noegletal(round_name)
    if "nedgang_periode_start" in facts and "nedgang_periode_slut" in facts:
        out["nedgang_periode"] = f"{int(facts['nedgang_periode_start'])}–{int(facts['nedgang_periode_slut'])}"
    return out
