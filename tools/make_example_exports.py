"""Synthetic respondent-level exports for the final round (EXAMPLE DATA: invented, no real persons).

    .venv/bin/python tools/make_example_exports.py [--out DIR]     (default: data/final/raw/, ignored by git)

The answers are dealt out from the counts in data/final/*.csv with a fixed seed, so that
`vvv import --round final` rebuilds those tables exactly (tests/test_importer.py proves it). The files imitate
what survey tools write: an .xlsx with numeric codes and a value-label sheet (the municipal survey), a
Danish-Excel CSV with BOM, ';', CRLF, decimal comma and value labels as text (the course evaluation), plain
UTF-8 CSVs with 0/1 columns (the volunteer leaders' status, the Podio extract). Same seed -> same bytes.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import re
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = 20230331
FIXED_ZIP_TIME = (2023, 2, 1, 12, 0, 0)
MARK = "EKSEMPELDATA – opdigtede svar, ingen reelle personer"

YES_NO = ["Ja", "Nej", "Ved ikke"]
RATINGS = ["Særdeles godt", "Godt", "Hverken godt eller dårligt", "Dårligt", "Særdeles dårligt", "Ved ikke"]
DEGREE = ["I høj grad", "I nogen grad", "I mindre grad", "Slet ikke"]
PRIMARY_REASONS = ["Andre tilbud dækker behovet", "Vi henviser til VVV i en anden kommune",
                   "Vi ønsker ikke at formalisere samarbejdet og har ikke ressourcer", "Der er ikke nok frivillige",
                   "Manglende viden om VVV", "Vi henviser til en frivilliggruppe under DRC"]
TABEL7 = ["Jeg oplever, at alle flygtninge/familiesammenførte, der ønsker en frivillig netværksven/familie bliver "
          "matchet inden for rimelig tid.",
          "Jeg oplever, at flygtninge/familiesammenførte, der ønsker en frivillig netværksven/familie, bliver "
          "matchet, men der er lidt ventetid.",
          "Der er for få frivillige ift. behovet for netværksrelationer, og vi kan ikke matche alle.",
          "Der er er for mange frivillige ift. behovet for netværksrelationer.", "Ved ikke", "Andet"]
# Invented free-text suggestions (no names, no contact details), one per coded theme combination.
SUGGESTIONS = {
    (1,): "Vi kunne godt tænke os en skriftlig aftale, så det er klart, hvem der gør hvad.",
    (1, 2): "En samarbejdsaftale og faste møder to gange om året ville hjælpe os.",
    (2,): "Mere regelmæssig kontakt mellem konsulenten og vores medarbejdere.",
    (2, 4): "Faste møder, hvor vi også kan afstemme, hvad den frivillige kan hjælpe med.",
    (3,): "Frivilliggruppen har brug for mere støtte fra landskontoret.",
}


def deal(rng: random.Random, people: list[int], counts: list[int], labels: list) -> dict[int, object]:
    """Give counts[i] of `people` the answer labels[i] (in random order); the rest get no answer."""
    pool = [label for label, c in zip(labels, counts) for _ in range(c)]
    assert len(pool) <= len(people), (len(pool), len(people))
    chosen = rng.sample(people, len(pool))
    return dict(zip(chosen, pool))


def ticks(rng: random.Random, people: list[int], counts: list[int]) -> dict[int, list[int]]:
    """Multiple choice: each option i ticked by exactly counts[i] of `people` (0/1 per option)."""
    out = {p: [0] * len(counts) for p in people}
    for i, c in enumerate(counts):
        for p in rng.sample(people, c):
            out[p][i] = 1
    return out


def municipal_survey(rng: random.Random) -> tuple[list[str], list[list], list[list]]:
    n = 51
    everyone = list(range(n))
    q1 = deal(rng, everyone, [31, 8, 12], [1, 2, 3])
    by = {a: [p for p in everyone if q1[p] == a] for a in (1, 2, 3)}
    q2 = deal(rng, by[2], [3, 1, 1, 2, 1, 0], [1, 2, 3, 4, 5, 6])
    q3 = ticks(rng, by[2] + by[3], [4, 6, 4])
    q4 = deal(rng, by[1], [19, 5, 7], [1, 2, 3])
    q5 = {p: [0, 0, 0] for p in by[1]}
    for p, option in deal(rng, by[1], [20, 5, 6], [0, 1, 2]).items():   # one routine answer each
        q5[p][option] = 1
    q6 = deal(rng, everyone, [12, 14, 0, 0, 1, 0], [1, 2, 3, 4, 5, 6])
    q7 = deal(rng, everyone, [9, 13, 0, 0, 1, 0], [1, 2, 3, 4, 5, 6])
    # The rest of each rating distribution comes from a second generator, so that every answer dealt by `rng`
    # (and the respondents' free texts) stays where it was: the example ratings are complete (n = 33 each).
    extra = random.Random(SEED + 1)
    q6.update(deal(extra, [p for p in everyone if p not in q6], [4, 1, 0, 1], [3, 4, 5, 6]))
    q7.update(deal(extra, [p for p in everyone if p not in q7], [6, 2, 0, 2], [3, 4, 5, 6]))
    q8 = deal(rng, everyone, [33, 12, 6], [1, 2, 3])
    q9 = deal(rng, everyone, [30, 15, 6], [1, 2, 3])
    q10 = ticks(rng, [p for p in everyone if q9[p] == 1], [26, 21, 19, 11, 8, 6])
    q11 = deal(rng, everyone, [13, 14, 12, 1, 6, 5], [1, 2, 3, 4, 5, 6])
    q12 = deal(rng, everyone, [34, 17], [1, 2])
    q13 = {}
    knows = [p for p in everyone if q12[p] == 1]
    for i, yes in enumerate([31, 30, 28, 27, 21, 17, 11, 10]):
        for p in knows:
            q13.setdefault(p, [0] * 8)
        for p in rng.sample(knows, yes):
            q13[p][i] = 1
    # coded themes of the free-text suggestions: 2, 3, 1 and 1 comments (Etablering, Hyppigere, Bedre støtte, Bedre forventning)
    combos = [(1,), (1, 2), (2,), (2, 4), (3,)]
    q14 = dict(zip(rng.sample(everyone, len(combos)), combos))
    # ratings of the other cooperation, asked of the kommuner that cooperate on other activities (q8 = Ja)
    others = [p for p in everyone if q8[p] == 1]
    q15 = deal(extra, others, [10, 14, 5, 1, 1, 2], [1, 2, 3, 4, 5, 6])
    q16 = deal(extra, others, [8, 14, 6, 1, 1, 3], [1, 2, 3, 4, 5, 6])
    header = ["respondent_id", "q1_henviser", "q2_primaer_aarsag", *[f"q3_aarsag_{i}" for i in range(1, 4)],
              "q4_samarbejdsaftale", *[f"q5_rutiner_{i}" for i in range(1, 4)], "q6_vurdering_rk",
              "q7_vurdering_drc", "q8_andet_samarbejde", "q9_nedgang_betydning",
              *[f"q10_reorganisering_{i}" for i in range(1, 7)], "q11_frivilligkapacitet", "q12_kender_udbytte",
              *[f"q13_udbytte_{i}" for i in range(1, 9)], "q14_forslag", *[f"q14_tema_{i}" for i in range(1, 5)],
              "q15_vurdering_andet_rk", "q16_vurdering_andet_drc"]
    rows = []
    for p in everyone:
        themes = q14.get(p)
        rows.append([f"K{p + 1:03d}", q1[p], q2.get(p), *q3.get(p, [None] * 3), q4.get(p), *q5.get(p, [None] * 3),
                     q6.get(p), q7.get(p), q8[p], q9[p], *q10.get(p, [None] * 6), q11[p], q12[p],
                     *q13.get(p, [None] * 8), SUGGESTIONS[themes] if themes else None,
                     *([int(i in themes) for i in range(1, 5)] if themes else [None] * 4), q15.get(p), q16.get(p)])
    labels = [["variable", "value", "label"]]
    for var, names in [("q1_henviser", YES_NO), ("q2_primaer_aarsag", PRIMARY_REASONS),
                       ("q4_samarbejdsaftale", YES_NO), ("q6_vurdering_rk", RATINGS), ("q7_vurdering_drc", RATINGS),
                       ("q15_vurdering_andet_rk", RATINGS), ("q16_vurdering_andet_drc", RATINGS),
                       ("q8_andet_samarbejde", YES_NO), ("q9_nedgang_betydning", YES_NO),
                       ("q11_frivilligkapacitet", TABEL7), ("q12_kender_udbytte", YES_NO[:2])]:
        labels += [[var, code, label] for code, label in enumerate(names, start=1)]
    return header, rows, labels


def course_evaluation(rng: random.Random) -> tuple[list[str], list[list]]:
    n = 48
    everyone = list(range(n))
    viden = deal(rng, everyone, [27, 18, 2, 1], DEGREE)
    redskaber = deal(rng, everyone, [15, 27, 4, 2], DEGREE)
    courses = [f"Kursus {i}" for i in range(1, 12)]
    rows = [[f"R{p + 1:03d}", courses[p % len(courses)], f"{rng.choice([2, 2.5, 3, 6])}".replace(".", ","),
             viden[p], redskaber[p]] for p in everyone]
    return ["Respondent", "Kursus", "Varighed (timer)", "Viden", "Redskaber"], rows


def workshop(rng: random.Random) -> tuple[list[str], list[list]]:
    everyone = list(range(14))
    tilfreds = deal(rng, everyone, [12, 2], DEGREE[:2])
    formen = deal(rng, everyone, [11, 3], DEGREE[:2])
    udbytte = deal(rng, everyone, [6, 4, 4], ["Ny viden", "Lærte førstehjælp", "Nyt netværk"])
    nye = deal(rng, everyone, [8, 4, 2], DEGREE[:3])
    oplevelse = deal(rng, everyone, [9, 5], DEGREE[:2])
    rows = [[f"W{p + 1:02d}", tilfreds[p], formen[p], udbytte[p], nye[p], oplevelse[p]] for p in everyone]
    return ["id", "tilfreds_alt_i_alt", "tilfreds_med_formen", "vigtigste_udbytte", "laert_nye_mennesker_at_kende",
            "god_oplevelse_med_netvaerksperson"], rows


def leader_status(rng: random.Random) -> tuple[list[str], list[list]]:
    everyone = list(range(64))
    answers = ticks(rng, everyone, [31, 9])
    return (["Besvarelse-ID", "Organisation", "Mangel på frivillige", "Mangler flygtninge at matche"],
            [[f"F{p + 1:03d}", "Røde Kors", *answers[p]] for p in everyone])


def podio_groups(rng: random.Random) -> tuple[list[str], list[list]]:
    everyone = list(range(84))
    answers = ticks(rng, everyone, [71, 19, 30])
    return (["Gruppe-ID", "Henvist fra jobcenter", "Henvist fra boligsociale aktører", "Henvist fra sprogskole"],
            [[f"G{p + 1:03d}", *answers[p]] for p in everyone])


def committed(name: str) -> list[dict[str, str]]:
    """A committed table of data/final as dicts (its '#' provenance lines skipped): the counts to deal out."""
    lines = (ROOT / "data" / "final" / f"{name}.csv").read_text(encoding="utf-8-sig").splitlines()
    return list(csv.DictReader(line for line in lines if not line.startswith("#")))


def danish_date(iso: str) -> str:
    """Podio's Danish CSV export writes dates as DD-MM-YYYY."""
    y, m, d = iso.split("-")
    return f"{d}-{m}-{y}"


def podio_municipalities(rng: random.Random) -> tuple[list[str], list[list]]:
    """One row per kommune and snapshot date with its VVV status (kommune_tilstedevaerelse)."""
    table = committed("kommune_tilstedevaerelse")
    total = next(int(r["count"]) for r in table if r["measure"] == "kommuner_i_alt")
    kommuner = [f"Kommune {i:02d}" for i in range(1, total + 1)]   # invented names
    rows = []
    for date in sorted({r["date"] for r in table}):
        counts = {r["measure"]: int(r["count"]) for r in table if r["date"] == date}
        present = counts["til_stede"]
        planned = counts.get("planlagt_opstart", 3)   # not published for every date: any number will do
        status = deal(rng, list(range(total)), [present, planned], ["Til stede", "Planlagt opstart"])
        rows += [[kommune, status.get(i, "Ikke til stede"), danish_date(date)] for i, kommune in enumerate(kommuner)]
    return (["Record-ID", "Kommune", "Status", "Opgjort"],
            [[f"PK{i + 1:04d}", *row] for i, row in enumerate(rows)])


def podio_housing_areas(rng: random.Random) -> tuple[list[str], list[list]]:
    """One row per housing area with the status of its cooperation (boligsociale_samarbejder); some kommuner have
    two areas, and areas without an agreement are in the extract too."""
    import datetime as dt

    rows = []
    for r in committed("boligsociale_samarbejder"):
        for area in "AB"[: rng.choice([1, 1, 2])]:
            rows.append([r["kommune"], f"Boligområde {area}", r["status"].capitalize(), dt.date.fromisoformat(r["date"])])
    last = dt.date.fromisoformat(committed("boligsociale_samarbejder")[0]["date"])
    for kommune in ["Esbjerg", "Kolding", "Silkeborg", "Næstved", "Herning"]:   # no agreement: not listed
        rows.insert(rng.randrange(len(rows) + 1), [kommune, "Boligområde A", "Ingen aftale", last])
    return (["ID", "Kommune", "Boligområde", "Samarbejde", "Opgjort"],
            [[f"B{i + 1:03d}", *row] for i, row in enumerate(rows)])


def podio_course_registrations(rng: random.Random) -> tuple[list[str], list[list]]:
    """One row per registration for a course or workshop, with the participant's attendance (tabel8_kurser)."""
    rows = []
    for r in committed("tabel8_kurser"):
        course = [r["course"], r["date"], r["format"].capitalize(), r["kind"].capitalize()]
        status = ["Deltog"] * int(r["participants"]) + ["Afbud"] * rng.randint(0, 3) + ["Udeblevet"] * rng.randint(0, 1)
        rows += [[*course, s] for s in status]
    rng.shuffle(rows)
    return (["Tilmelding-ID", "Kursus", "Dato", "Form", "Type", "Status"],
            [[f"T{i + 1:04d}", *row] for i, row in enumerate(rows)])


def podio_records(rng: random.Random) -> tuple[list[str], list[list]]:
    """One row per match and per participant's yearly registration (deltagere_og_matches); cancelled records are
    in the extract but are not counted."""
    import datetime as dt

    kinds = {"matchede_i_aaret": "Match", "deltagere_i_aaret": "Deltagelse"}
    rows = []
    for r in committed("deltagere_og_matches"):
        if r["measure"] not in kinds:
            continue   # the 2018 figure is quoted from LG Insight (import.yml), not from Podio
        year = int(r["year"])
        days = (dt.date(year, 12, 31) - dt.date(year, 1, 1)).days + 1
        count = int(r["count"])
        status = [rng.choice(["Aktiv", "Afsluttet"]) for _ in range(count)] + ["Annulleret"] * (count // 50)
        for s in status:
            rows.append([kinds[r["measure"]], (dt.date(year, 1, 1) + dt.timedelta(rng.randrange(days))).isoformat(), s])
    rng.shuffle(rows)
    return ["Forløb-ID", "Type", "Dato", "Status"], [[f"PF{i + 1:05d}", *row] for i, row in enumerate(rows)]


def _sheet(header: list[str], rows: list[list]) -> list[list]:
    return [header, *rows]


def csv_bytes(header, rows, *, danish: bool) -> bytes:
    """danish=True: as Danish Excel's 'CSV UTF-8' with ';' (BOM, CRLF); else plain UTF-8 CSV."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if danish else ",", lineterminator="\r\n" if danish else "\n")
    writer.writerow(header)
    writer.writerows([["" if v is None else v for v in row] for row in rows])
    return ("\ufeff" if danish else "").encode() + buffer.getvalue().encode("utf-8")


def xlsx_bytes(sheets: dict[str, list[list]]) -> bytes:
    from openpyxl import Workbook
    import datetime as dt

    book = Workbook()
    book.remove(book.active)
    for name, table in sheets.items():
        sheet = book.create_sheet(name)
        for row in table:
            sheet.append(row)
    stamp = dt.datetime(*FIXED_ZIP_TIME)
    book.properties.created = book.properties.modified = stamp
    book.properties.creator = MARK
    buffer = io.BytesIO()
    book.save(buffer)
    return _fixed_zip_times(buffer.getvalue())


def _fixed_zip_times(data: bytes) -> bytes:
    """openpyxl stamps every zip member and docProps' 'modified' with the current time: fix both, so the bytes
    depend on the seed only."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            member = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                member = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2023-02-01T12:00:00Z", member)
            dst.writestr(fixed, member)
    return out.getvalue()


def make_exports(out: Path) -> list[Path]:
    rng = random.Random(SEED)
    header, rows, labels = municipal_survey(rng)
    files = {
        "kommunesurvey.xlsx": xlsx_bytes({"Besvarelser": [header, *rows], "Koder": labels,
                                          "Om filen": [[MARK], ["Genereret af tools/make_example_exports.py"]]}),
        "kursusevaluering.csv": csv_bytes(*course_evaluation(rng), danish=True),
        "workshop_evaluering.csv": csv_bytes(*workshop(rng), danish=False),
        "frivilligleder_status.csv": csv_bytes(*leader_status(rng), danish=True),
        "podio_frivilliggrupper.csv": csv_bytes(*podio_groups(rng), danish=False),
        "podio_kommuner.csv": csv_bytes(*podio_municipalities(rng), danish=True),
        "podio_boligomraader.xlsx": xlsx_bytes({"Boligområder": _sheet(*podio_housing_areas(rng)),
                                                "Om filen": [[MARK], ["Genereret af tools/make_example_exports.py"]]}),
        "podio_kursustilmeldinger.csv": csv_bytes(*podio_course_registrations(rng), danish=True),
        "podio_forloeb.csv": csv_bytes(*podio_records(rng), danish=False),
    }
    out.mkdir(parents=True, exist_ok=True)
    (out / "LAESMIG.txt").write_text(MARK + ".\nMade by tools/make_example_exports.py with its fixed SEED; "
                                     "never commit raw exports.\n", encoding="utf-8")
    written = []
    for name, data in files.items():
        (out / name).write_bytes(data)
        written.append(out / name)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "final" / "raw")
    for path in make_exports(parser.parse_args().out):
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
