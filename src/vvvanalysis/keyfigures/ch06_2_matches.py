"""Afsnit 6.2: deltagere og matches."""

from vvvanalysis import danish, indicators


def values(round_name) -> dict[str, str]:
    d = indicators.deltagere(round_name)
    t6 = indicators.tabel6(round_name)
    return {
        "deltagere_2020": danish.number(d["deltagere_2020"]),
        "deltagere_maal": danish.number(d["maal"]),
        "deltagere_mangler": danish.number(d["mangler_til_maal"]),
        "tabel6_n": danish.number(int(t6["n"].iloc[0])),
    }
