"""The catalogue of a round's inline numbers: one entry per key, with where it comes from and where it is printed.

Measuring the rows (trace.rows) changes every data row in turn and takes minutes, so it is done by
`vvv keys --round R --measure` and stored in trace/measured/<round>.json, committed beside the code; a test
checks that the stored rows cover every key the chapters print. Everything else here is cheap and computed when
asked: the values, the chapter lines that print a key, the source (kilder.csv) of its rows, the method phrase.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from vvvanalysis import danish

MEASURED = Path(__file__).resolve().parent / "measured"
DESCRIPTIONS = Path(__file__).resolve().parent / "beskrivelser.csv"
USE = re.compile(r"\{\{<\s*meta\s+v\.([\w]+)\s*>\}\}")
NOTEBOOK_USE = re.compile(r"v\.([a-z][\w]*)")


@dataclass(frozen=True)
class Place:
    file: str      # project-relative, e.g. report/midterm/02-fund-og-anbefalinger.qmd
    line: int


@dataclass
class Entry:
    key: str
    value: str
    description: str
    rows: list[tuple[str, int]]          # (project-relative data file, row)
    method: str
    sources: list[str] = field(default_factory=list)   # kilder.csv: "navn (ejer, dato)"
    uses: list[Place] = field(default_factory=list)

    @property
    def kilde(self) -> str:
        """data-kilde: data/<round>/<file>:<row>[,<row>…][;data/<round>/<file2>:<row>…]"""
        by_file: dict[str, list[int]] = {}
        for file, row in self.rows:
            by_file.setdefault(file, []).append(row)
        return ";".join(f"{file}:{','.join(str(r) for r in sorted(rows))}" for file, rows in by_file.items())

    def explanation(self) -> str:
        lines = [self.description, f"Data: {self.kilde.replace(';', '; ')}" if self.rows else "Data: ingen datarække"]
        if self.sources:
            lines.append("Kilde: " + "; ".join(self.sources))
        lines.append(f"Beregning: {self.method}")
        return "\n".join(lines)


# --- measuring (slow) ---------------------------------------------------------------------------------------
def measured_path(round_name: str) -> Path:
    return MEASURED / f"{round_name}.json"


def measure(round_name: str, root: Path) -> Path:
    """Measure the rows of every key (minutes) and store them; returns the file written."""
    from vvvanalysis.trace.rows import dependencies

    deps = dependencies(round_name)
    rows = {key: sorted([str(r.file.resolve().relative_to(root.resolve())), r.row] for r in found)
            for key, found in sorted(deps.rows.items())}
    path = measured_path(round_name)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"round": round_name, "rows": rows, "failed": deps.failed}, ensure_ascii=False, indent=1,
                      sort_keys=True)
    path.write_text(text + "\n", encoding="utf-8")
    return path


def measured_rows(round_name: str) -> dict[str, list[tuple[str, int]]]:
    path = measured_path(round_name)
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {key: [(file, int(row)) for file, row in rows] for key, rows in data["rows"].items()}


# --- where a key is printed -----------------------------------------------------------------------------------
def uses(round_name: str, root: Path) -> dict[str, list[Place]]:
    """key -> every chapter line (report/<round>/*.qmd, in file order) and notebook that prints it."""
    found: dict[str, list[Place]] = {}
    for path in sorted((root / "report" / round_name).glob("*.qmd")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for key in USE.findall(line):
                found.setdefault(key, []).append(Place(str(path.relative_to(root)), number))
    return found


def notebook_keys(root: Path) -> set[str]:
    """Keys the notebooks name (a figure's alt text may print a value): used, though by no chapter line."""
    keys: set[str] = set()
    for path in sorted((root / "notebooks").glob("*.ipynb")):
        keys |= set(NOTEBOOK_USE.findall(path.read_text(encoding="utf-8")))
    return keys


def unused_keys(root: Path, rounds=("midterm", "final")) -> list[str]:
    """Keys no chapter of any round and no notebook prints (a word twin KEY_ord counts as its number)."""
    from vvvanalysis.keyfigures import keyfigures

    used = notebook_keys(root)
    for round_name in rounds:
        used |= set(uses(round_name, root))
    keys = set().union(*(keyfigures(r) for r in rounds))
    return sorted(k for k in keys if k not in used and f"{k}_ord" not in used
                  and not (k.endswith("_ord") and k[:-4] in used))


# --- what a key is and how it was computed ------------------------------------------------------------------
def descriptions() -> dict[str, str]:
    if not DESCRIPTIONS.is_file():
        return {}
    with DESCRIPTIONS.open(encoding="utf-8", newline="") as fh:
        return {row["key"]: row["beskrivelse"] for row in csv.DictReader(fh)}


def _sentence(place: Place, root: Path, key: str, values: dict[str, str]) -> str:
    """The sentence of the chapter that prints a key, the key shown as '…' and other keys as their values: a
    description in the report's own words where no description is written for the key."""
    lines = (root / place.file).read_text(encoding="utf-8").splitlines()
    start = end = place.line - 1
    while start > 0 and lines[start - 1].strip() and not lines[start - 1].lstrip().startswith((":::", "#")):
        start -= 1
    while end + 1 < len(lines) and lines[end + 1].strip() and not lines[end + 1].lstrip().startswith(":::"):
        end += 1
    text = " ".join(lines[start:end + 1])
    text = USE.sub(lambda m: "…" if m.group(1) == key else values.get(m.group(1), ""), text)
    text = re.sub(r"\{\{<[^>]*>\}\}|\[@[^\]]*\]|\{[#.][^}]*\}|[*_`#>\\]", "", text)
    text = " ".join(text.split())
    at = text.find("…")
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-ZÆØÅ])", text)
    for sentence in sentences:
        if "…" in sentence:
            return sentence if len(sentence) <= 220 else sentence[max(0, sentence.find("…") - 100):][:220] + " …"
    return text[max(0, at - 100):at + 100]


def _rows_phrase(rows: list[int], file: str = ".csv") -> str:
    """'række 2–5, 7' (a CSV row, header = 1) or 'linje 17' (a YAML file's line)."""
    rows = sorted(set(rows))
    runs, start = [], rows[0]
    for prev, cur in zip(rows, rows[1:] + [None]):
        if cur != prev + 1:
            runs.append(str(start) if start == prev else f"{start}–{prev}")
            start = cur
    return ("række " if file.endswith(".csv") else "linje ") + ", ".join(runs)


def _number(text: str) -> float | None:
    match = re.search(r"-?\d[\d.]*(?:,\d+)?", text)
    if not match:
        return None
    try:
        return float(match.group(0).replace(".", "").replace(",", "."))
    except ValueError:
        return None


def _numbers_of(file: Path, rows: list[int]) -> list[dict]:
    """The numeric cells of the given rows of a CSV file (header = row 1), by column."""
    if file.suffix != ".csv" or not file.is_file():
        return []
    table = _csv_rows(file)
    out = []
    for parsed in (table[r] for r in rows if r in table):
        cells = {}
        for column, value in parsed.items():
            try:
                cells[column] = float(value.replace(".", "").replace(",", ".") if table.decimal_comma else value)
            except (TypeError, ValueError):
                continue
        out.append(cells)
    return out


def method(value: str, rows: list[tuple[str, int]], root: Path) -> str:
    """How the number follows from its rows, as far as the cells show it; otherwise 'beregnet af række …'."""
    if not rows:
        return "fast værdi (ikke beregnet af en datarække)"
    by_file: dict[str, list[int]] = {}
    for file, row in rows:
        by_file.setdefault(file, []).append(row)
    number = _number(value)
    if len(by_file) == 1 and number is not None:
        file, file_rows = next(iter(by_file.items()))
        cells = _numbers_of(root / file, file_rows)
        where = f"{_rows_phrase(file_rows)} i {Path(file).name}"
        columns = set().union(*[set(c) for c in cells]) if cells else set()
        for column in sorted(columns):
            column_values = [c[column] for c in cells if column in c]
            if len(column_values) == 1 and column_values[0] == number:
                return f"værdien i {where} (kolonne {column})"
            if len(column_values) > 1 and len(column_values) == len(cells) and sum(column_values) == number:
                return f"sum af {where} (kolonne {column})"
            total = sum(column_values)
            if total and len(column_values) == len(cells) and number % 1000 == 0 and abs(total - number) < 1000:
                words = value.split(danish.number(int(number)))[0].strip()
                return (f"{danish.number(int(total))} afrundet til 1.000" + (f" («{words}»)" if words else "")
                        + f"; sum af {where} (kolonne {column})")
        if "%" in value or "pct" in value:
            for c in cells:
                if "count" in c and "n" in c and c["n"]:
                    return f"andel = {danish.number(int(c['count']))} af {danish.number(int(c['n']))} ({where})"
    return "beregnet af " + "; ".join(f"{_rows_phrase(r, f)} i {Path(f).name}" for f, r in by_file.items())


class _Table(dict):
    """A CSV file's data rows by the line a spreadsheet user sees (header = 1, '#' lines counted), as
    {column: cell}, read by the loader's own reader (either CSV dialect)."""
    decimal_comma = False


def _csv_rows(path: Path) -> _Table:
    from vvvanalysis.data.readers import read_csv_rows

    parsed = read_csv_rows(path)
    table = _Table({line: dict(zip(parsed.header, cells)) for line, cells in parsed.rows})
    table.decimal_comma = parsed.decimal_comma
    return table


def sources_of(rows: list[tuple[str, int]], root: Path) -> list[str]:
    """The kilder.csv entries (name, owner, date) the rows name in their `source` column."""
    keys: list[str] = []
    registry: dict[str, dict] = {}
    for file, row in rows:
        path = root / file
        if path.suffix != ".csv" or not path.is_file():
            continue
        kilder = path.parent / "kilder.csv"
        if kilder.is_file() and not registry:
            registry = {r["key"]: r for r in _csv_rows(kilder).values() if r.get("key")}
        parsed = _csv_rows(path).get(row, {})
        source = parsed.get("key" if path.name == "kilder.csv" else "source")
        if source and source not in keys:
            keys.append(source)
    out = []
    for key in keys:
        entry = registry.get(key)
        if entry:
            when = danish.month(_date(entry["date"])) if entry.get("date") else ""
            out.append(f"{entry['name']} ({entry['owner']}{', ' + when if when else ''})")
    return out


def _date(text: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


# --- the catalogue --------------------------------------------------------------------------------------------
def catalogue(round_name: str, root: Path, values: dict[str, str] | None = None) -> list[Entry]:
    from vvvanalysis.keyfigures import keyfigures

    values = values if values is not None else keyfigures(round_name)
    measured, written, used = measured_rows(round_name), descriptions(), uses(round_name, root)
    entries = []
    for key, value in sorted(values.items()):
        base = key[:-4] if key.endswith("_ord") and key[:-4] in values else None   # the word twin of a count
        rows = measured.get(key) or (measured.get(base, []) if base else [])
        places = used.get(key, [])
        description = written.get(key) or (f"{written[base]} (i ord)" if base and base in written else "") or (
            f"Tallet i: «{_sentence(places[0], root, key, values)}»" if places else "")
        entries.append(Entry(key, value, description, rows, method(value, rows, root), sources_of(rows, root),
                             places))
    return entries


def html_map(round_name: str, root: Path, values: dict[str, str]) -> dict[str, dict[str, str]]:
    """What the HTML shows for each key that has data rows: data-kilde and the explanation (report metadata)."""
    return {e.key: {"kilde": e.kilde, "forklaring": e.explanation()}
            for e in catalogue(round_name, root, values) if e.rows}


def listing(entries: list[Entry]) -> str:
    """`vvv keys`: one block per key."""
    out = []
    for e in entries:
        out.append(f"{e.key} = {e.value}")
        out.append(f"  {e.description or '(ingen beskrivelse)'}")
        out.append(f"  data: {e.kilde or '(ingen datarække)'}  –  {e.method}")
        if e.sources:
            out.append(f"  kilde: {'; '.join(e.sources)}")
        out.append("  bruges: " + (", ".join(f"{p.file}:{p.line}" for p in e.uses) or "(ingen kapitel)"))
    return "\n".join(out) + "\n"


def markdown(rounds: dict[str, list[Entry]]) -> str:
    """docs/noegletal.md: every key of every round, once per round, with its source."""
    out = ["# Nøgletal: hvert tal i rapporterne og hvor det kommer fra", "",
           "Genereret af `vvv keys --markdown` – ret ikke i filen. Et kapitel skriver et tal som "
           "`{{< meta v.NØGLE >}}`; tabellen viser nøglens værdi, hvad tallet er, de datarækker det er beregnet af "
           "(række 1 er overskriften), hvordan, og hvilke kapitellinjer der bruger det.", ""]
    for round_name, entries in rounds.items():
        out += [f"## {round_name}", "", "| Nøgle | Værdi | Beskrivelse | Data (fil:række) | Beregning | Bruges i |",
                "|---|---|---|---|---|---|"]
        for e in entries:
            cells = [f"`{e.key}`", e.value, e.description, e.kilde.replace(";", "; ") or "–", e.method,
                     ", ".join(f"{Path(p.file).name}:{p.line}" for p in e.uses) or "–"]
            out.append("| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |")
        out.append("")
    return "\n".join(out)
