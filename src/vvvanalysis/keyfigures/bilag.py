"""Bilag: datanoter and succeskriterier (keys 'bilag_…')."""

from vvvanalysis import danish
from vvvanalysis.data import load_yaml


def values(round_name) -> dict[str, str]:
    return {
        "bilag_datanoter_n": danish.number(len(load_yaml(round_name, "datanoter")["datanoter"])),
        "bilag_succeskriterier_n": danish.number(len(load_yaml(round_name, "succeskriterier")["succeskriterier"])),
    }
