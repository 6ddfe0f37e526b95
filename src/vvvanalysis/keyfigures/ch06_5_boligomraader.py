"""Afsnit 6.5: nye samarbejder med aktører i udsatte boligområder."""

from vvvanalysis import danish, indicators


def names(items: list[str]) -> str:
    """['Fredericia', 'Horsens', 'København'] -> 'Fredericia, Horsens og København'."""
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " og " + items[-1]


def values(round_name) -> dict[str, str]:
    num = danish.number
    b = indicators.boligomraader(round_name)
    return {
        "bolig_maal": num(b["maal"]),
        "bolig_etableret": num(b["etableret"]),
        "bolig_etablerede_kommuner": names(b["etablerede_kommuner"]),
        "bolig_planlagt": num(b["planlagt"]),
        "bolig_planlagte_kommuner": names(b["planlagte_kommuner"]),
        "bolig_mangler": num(b["mangler"]),
        "bolig_materiale_sprog": num(indicators.noegletal(round_name)["informationsmateriale_sprog"]),
    }
