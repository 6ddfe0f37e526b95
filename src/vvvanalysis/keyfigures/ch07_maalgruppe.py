"""Kapitel 7: status på målgruppeniveau (interviewgrundlag, Tabel 11)."""

from vvvanalysis import danish, indicators, uncertainty


def _first_lower(text: str) -> str:
    return text[:1].lower() + text[1:]


def values(round_name) -> dict[str, str]:
    grundlag = indicators.datagrundlag(round_name)
    frivillige, flygtninge = grundlag["interview_matchpar_frivillige"], grundlag["interview_matchpar_flygtninge"]
    # The chapter's own count of match pairs; a round without it uses the method section's count.
    matchpar = grundlag.get("interview_matchpar_kapitel7", min(frivillige, flygtninge))
    t11 = indicators.tabel11(round_name)
    top, bottom = t11.loc[t11["share"].idxmax()], t11.loc[t11["share"].idxmin()]
    f1 = indicators.fig1(round_name)
    return {
        "k7_matchpar": danish.number(matchpar),
        "k7_matchpar_frivillige": danish.number(frivillige),
        "k7_matchpar_flygtninge": danish.number(flygtninge),
        "k7_aktiviteter_n": danish.number(len(indicators.aktiviteter_matchpar(round_name))),
        "k7_tabel11_n": danish.number(int(t11["n"].max())),
        "k7_interval_niveau": danish.percent(uncertainty.LEVEL),
        "k7_henvisende": danish.number(int(f1.loc[f1["label"] == "Ja", "count"].iloc[0])),
        "k7_udbytte_top": _first_lower(top["label"]),
        "k7_udbytte_top_ja": danish.number(int(top["ja"])),
        "k7_udbytte_top_andel": danish.percent_text(top["share"]),
        "k7_udbytte_top_interval": uncertainty.interval_prose(int(top["ja"]), int(top["n"])),
        "k7_udbytte_bund": _first_lower(bottom["label"]),
        "k7_udbytte_bund_ja": danish.number(int(bottom["ja"])),
        "k7_udbytte_bund_andel": danish.percent_text(bottom["share"]),
    }
