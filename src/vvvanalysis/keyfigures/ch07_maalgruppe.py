"""Kapitel 7: status på målgruppeniveau (interviewgrundlag, Tabel 11)."""

from vvvanalysis import danish, indicators, uncertainty


def _first_lower(text: str) -> str:
    return text[:1].lower() + text[1:]


def values(round_name) -> dict[str, str]:
    grundlag = indicators.datagrundlag(round_name)
    frivillige, flygtninge = grundlag["interview_matchpar_frivillige"], grundlag["interview_matchpar_flygtninge"]
    matchpar = min(frivillige, flygtninge)   # a pair is a volunteer and a participant, interviewed apart
    t11 = indicators.tabel11(round_name)
    top, bottom = t11.loc[t11["share"].idxmax()], t11.loc[t11["share"].idxmin()]
    return {
        "k7_matchpar": danish.number(matchpar),
        "k7_tabel11_n": danish.number(int(t11["n"].max())),
        "k7_udbytte_top": _first_lower(top["label"]),
        "k7_udbytte_top_ja": danish.number(int(top["ja"])),
        "k7_udbytte_top_andel": danish.percent_text(top["share"]),
        "k7_udbytte_top_interval": uncertainty.interval_prose(int(top["ja"]), int(top["n"])),
        "k7_udbytte_bund": _first_lower(bottom["label"]),
        "k7_udbytte_bund_ja": danish.number(int(bottom["ja"])),
        "k7_udbytte_bund_andel": danish.percent_text(bottom["share"]),
    }
