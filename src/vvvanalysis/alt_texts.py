"""Alternative texts of the figures whose content differs between rounds, written from the same data the figure
draws: which answers, which years, whether a rest is 'ikke oplyst'. A fixed sentence in a notebook shared by
both rounds would describe the midterm's data in the final report (its years, its missing answers).

The notebook cell names the text as `#| fig-alt: "{{< meta v.alt_<label> >}}"` (keyfigures/alt_tekster.py);
both engines expand it."""

from __future__ import annotations

import pandas as pd

from vvvanalysis import danish, indicators
from vvvanalysis.data import load_table

UNKNOWN_REST = "samt de øvrige svar, som ikke er oplyst (gråt skraveret)"


def joined(items, word: str = "og") -> str:
    """['Ja', 'Nej', 'Ved ikke'] -> 'Ja, Nej og Ved ikke'."""
    items = [str(i) for i in items]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {word} " + items[-1]


def _answers(data: pd.DataFrame) -> tuple[str, bool]:
    """The answers drawn as bars and whether the figure adds a hatched rest (n minus the known counts)."""
    return joined(data["label"]), int(data["n"].iloc[0]) > int(data["count"].sum())


def henvisning(round_ref) -> str:
    answers, rest = _answers(indicators.fig1(round_ref))
    return (f"Vandrette søjler: antal kommuner, der svarer {answers} til, om de henviser målgruppen til Venner "
            f"Viser Vej{', ' + UNKNOWN_REST if rest else ''}.")


def andet_samarbejde(round_ref) -> str:
    answers, rest = _answers(indicators.fig4(round_ref))
    return (f"Vandrette søjler: antal kommuner, der samarbejder med Røde Kors eller DRC om andre aktiviteter end "
            f"Venner Viser Vej ({answers}){', ' + UNKNOWN_REST if rest else ''}.")


def _years(rows: pd.DataFrame) -> str:
    return joined(sorted(str(int(y)) for y in rows["year"]))


def _missing(present: pd.DataFrame, years: list[int]) -> str:
    gone = [y for y in years if y not in set(present["year"])]
    return f", {joined([str(y) for y in gone])} ikke oplyst" if gone else ""


def deltagere(round_ref) -> str:
    """The two panels of the participants figure, with the years each measure has and the years drawn as
    'ikke oplyst' (the figure spans the first to the last year of the data)."""
    frame = load_table(round_ref, "deltagere_og_matches")
    years = list(range(int(frame["year"].min()), int(frame["year"].max()) + 1))
    stock = frame[frame["measure"] != "matchede_i_aaret"]
    new = frame[frame["measure"] == "matchede_i_aaret"]
    wording = {"aktive_ved_aarets_udgang": "aktive deltagere ved udgangen af", "deltagere_i_aaret": "deltagere i løbet af"}
    left = joined(f"{wording[m]} {_years(rows)}" for m, rows in stock.groupby("measure", sort=False))
    return (f"Søjler pr. år i to paneler: det første viser {left} med succeskriteriet som stiplet linje"
            f"{_missing(stock, years)}; det andet viser nye matchede deltagere i {_years(new)}{_missing(new, years)}.")


def _agreement(data: pd.DataFrame, gained: str) -> str:
    degrees = joined([str(label).lower() for label in data["label"]], "eller")
    return f"Vandrette søjler med 95 %-intervaller: andel af kursisterne, der {degrees} har fået {gained}, de kan bruge som frivillige."


def viden(round_ref) -> str:
    return _agreement(indicators.fig9(round_ref), "viden")


def redskaber(round_ref) -> str:
    return _agreement(indicators.fig10(round_ref), "konkrete redskaber")


def boligomraader(round_ref) -> str:
    b = indicators.boligomraader(round_ref)
    num = lambda n: danish.count_word(int(n), neuter=True)   # house style: small counts in words  # noqa: E731
    rest = b["maal"] - b["etableret"] - b["planlagt"]
    tail = (f", og de {num(rest)}, der mangler op til succeskriteriet om {danish.number(b['maal'])} (gråt skraveret)" if rest > 0
            else f"; tilsammen når de succeskriteriet om {danish.number(b['maal'])}")
    return (f"Én vandret stablet søjle: {num(b['etableret'])} etablerede og {num(b['planlagt'])} planlagte "
            f"samarbejder i udsatte boligområder med kommunenavne{tail}.")


# notebook cell label -> alt text (the inline value is alt_<label with '_' for '-'>)
BY_LABEL = {
    "figur-henvisning": henvisning,
    "figur-andet-samarbejde": andet_samarbejde,
    "figur-deltagere": deltagere,
    "figur-viden": viden,
    "figur-redskaber": redskaber,
    "figur-boligomraader": boligomraader,
}


def key(label: str) -> str:
    return "alt_" + label.replace("-", "_")
