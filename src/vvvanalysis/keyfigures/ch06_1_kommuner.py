"""Afsnit 6.1: tilstedeværelse i kommunerne og samarbejdet med dem."""

from vvvanalysis import danish, indicators


def values(round_name) -> dict[str, str]:
    f1 = indicators.fig1(round_name)
    answers = dict(zip(f1["label"], f1["count"]))
    return {
        "fig1_n": danish.number(int(f1["n"].iloc[0])),
        "fig1_ja": danish.number(int(answers["Ja"])),
        "fig1_nej": danish.number(int(answers["Nej"])),
    }
