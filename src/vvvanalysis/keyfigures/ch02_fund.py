"""Kapitel 2: foreløbige fund og anbefalinger (keys 'fund_…').

Kapitel 2 states the chapters' numbers with the chapters' own keys (one key per fact); only the phrases
that exist nowhere else are defined here."""

from vvvanalysis import indicators
from vvvanalysis.disclosure import for_round


def _and_list(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " og " + parts[-1]


def values(round_name) -> dict[str, str]:
    d = indicators.deltagere(round_name)
    matched = sorted(d["matchede"].items())
    persons = for_round(round_name, "deltagere_og_matches").count   # participants and matches are persons
    return {
        "fund_matchede_tekst": _and_list([f"{persons(c)} i {y}" for y, c in matched]),
    }
