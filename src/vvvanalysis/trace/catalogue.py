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
from vvvanalysis.trace.uses import Place, notebook_keys, uses  # noqa: F401  (catalogue.uses: the one scan)

MEASURED = Path(__file__).resolve().parent / "measured"
DESCRIPTIONS = Path(__file__).resolve().parent / "beskrivelser.csv"
FILE_SOURCES = Path(__file__).resolve().parent / "filkilder.csv"
# beskrivelser.csv's `kilde` for a value no data row holds: a fixed value of the method, not a source's number
FIXED_SOURCE = "fast"
# A template key in beskrivelser.csv, e.g. mo_{kriterium}_slutstatus: {kriterium} is a success criterion's id
TEMPLATE_FIELD = re.compile(r"\{(\w+)\}")


def data_kilde(rows) -> str:
    """(file, row) pairs as data-kilde names them: data/<round>/<file>:<row>[,<row>…][;data/<round>/<file2>:<row>…]"""
    by_file: dict[str, list[int]] = {}
    for file, row in rows:
        by_file.setdefault(file, []).append(int(row))
    return ";".join(f"{file}:{','.join(str(r) for r in sorted(rows))}" for file, rows in by_file.items())


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
        return data_kilde(self.rows)

    def explanation(self) -> str:
        lines = [self.description, f"Data: {self.kilde.replace(';', '; ')}" if self.rows else "Data: ingen datarække"]
        if self.sources:
            lines.append("Kilde: " + "; ".join(self.sources))
        lines.append(f"Beregning: {self.method}")
        return "\n".join(lines)


# --- measuring (slow) ---------------------------------------------------------------------------------------
def inputs() -> list[Path]:
    """The catalogue's files besides code and data: what the explanations in the HTML also depend on."""
    return [p for p in (DESCRIPTIONS, FILE_SOURCES, *sorted(MEASURED.glob("*.json"))) if p.is_file()]


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
def _written() -> list[dict[str, str]]:
    if not DESCRIPTIONS.is_file():
        return []
    with DESCRIPTIONS.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def descriptions() -> dict[str, str]:
    """key -> the written description (template keys such as mo_{kriterium}_slutstatus included as written)."""
    return {row["key"]: row["beskrivelse"] for row in _written()}


def written_sources() -> dict[str, str]:
    """key -> the kilder.csv key (or 'fast') beskrivelser.csv names for a value whose rows name no source."""
    return {row["key"]: row["kilde"] for row in _written() if row.get("kilde")}


def _labels(round_name: str, root: Path) -> dict[str, dict[str, str]]:
    """The data's own words for the ids a template key is built from: {kriterium} -> what the criterion asks, in
    the criterion's own (verbatim) words without their lead-in ('Succeskriteriet … er, at'); a share criterion's
    unit ('andel') alone would tell a reader nothing."""
    import yaml

    path = root / "data" / round_name / "succeskriterier.yaml"
    if not path.is_file():
        return {"kriterium": {}}
    criteria = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("succeskriterier") or []
    return {"kriterium": {str(c["id"]): _criterion_words(c) for c in criteria if "id" in c}}


LEAD_IN = re.compile(r"^Succeskriteriet(?: for målsætningen)? er,?\s*(?:at\s+)?", re.IGNORECASE)


def _criterion_words(criterion: dict) -> str:
    words = LEAD_IN.sub("", str(criterion.get("criterion") or "").strip()).rstrip(".")
    return words or str(criterion.get("unit") or criterion["id"])


def describe(key: str, written: dict[str, str], labels: dict[str, dict[str, str]]) -> str:
    """The key's description: written for it, for the number its word twin KEY_ord spells, or a template's
    (mo_{kriterium}_slutstatus) filled with the data's label of the id in the key; '' when none fits."""
    if written.get(key):
        return written[key]
    if key.endswith("_ord") and written.get(key[:-4]):
        return f"{written[key[:-4]]} (i ord)"
    for pattern, text in written.items():
        if "{" not in pattern:
            continue
        names = TEMPLATE_FIELD.findall(pattern)
        regex = "^" + TEMPLATE_FIELD.sub(lambda m: "(?P<" + m.group(1) + ">\\w+?)", pattern) + "$"
        match = re.match(regex, key.removesuffix("_ord")) if all(n in labels for n in names) else None
        if match and all(match.group(n) in labels[n] for n in names):
            filled = TEMPLATE_FIELD.sub(lambda m: labels[m.group(1)][match.group(m.group(1))], text)
            return filled + (" (i ord)" if key.endswith("_ord") else "")
    return ""


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


def _decimals(text: str) -> int:
    match = re.search(r"\d,(\d+)", text)
    return len(match.group(1)) if match else 0


def _share_of_two(percent: float, decimals: int, cells: list[dict], columns: set[str]) -> tuple[float, float] | None:
    """Two cells of one column, in different rows, whose ratio is the printed percentage (966 of 6.063 = 15,9)."""
    for column in sorted(columns):
        values = [c[column] for c in cells if column in c]
        for i, part in enumerate(values):
            for j, whole in enumerate(values):
                if i != j and 0 < part < whole and round(100 * part / whole, decimals) == percent:
                    return part, whole
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
            share = _share_of_two(number, _decimals(value), cells, columns)
            if share:
                return f"andel = {danish.number(int(share[0]))} af {danish.number(int(share[1]))} ({where})"
    return "beregnet af " + "; ".join(f"{_rows_phrase(r, f)} i {Path(f).name}" for f, r in by_file.items())


class _Table(dict):
    """A CSV file's data rows by the line a spreadsheet user sees (header = 1, '#' lines counted), as
    {column: cell}, read by the loader's own reader (either CSV dialect)."""
    decimal_comma = False


_TABLES: dict[tuple[Path, int, int], _Table] = {}


def _csv_rows(path: Path) -> _Table:
    """Cached by the file's size and time: the catalogue reads the same few files once for each of its keys."""
    from vvvanalysis.data.readers import read_csv_rows

    stat = path.stat()
    cache_key = (path.resolve(), stat.st_mtime_ns, stat.st_size)
    if cache_key in _TABLES:
        return _TABLES[cache_key]
    parsed = read_csv_rows(path)
    table = _Table({line: dict(zip(parsed.header, cells)) for line, cells in parsed.rows})
    table.decimal_comma = parsed.decimal_comma
    _TABLES[cache_key] = table
    return table


def file_sources() -> dict[str, str]:
    """Data file name (a glob such as kommunesurvey_*.csv) -> the kilder.csv key of a file whose rows carry no
    `source` column of their own (filkilder.csv; 'rapporten' = the report's own facts: round.yml, datanoter.yaml)."""
    if not FILE_SOURCES.is_file():
        return {}
    with FILE_SOURCES.open(encoding="utf-8", newline="") as fh:
        return {row["fil"]: row["kilde"] for row in csv.DictReader(fh)}


def _source_keys(rows: list[tuple[str, int]], root: Path, by_file: dict[str, str]) -> list[str]:
    """The kilder.csv keys the rows name: a row's `source` column, else its file's entry in filkilder.csv."""
    from fnmatch import fnmatch

    keys: list[str] = []
    for file, row in rows:
        path = root / file
        source = None
        if path.suffix == ".csv" and path.is_file():
            parsed = _csv_rows(path).get(row, {})
            source = parsed.get("key" if path.name == "kilder.csv" else "source")
        if not source:
            source = next((key for pattern, key in by_file.items() if fnmatch(path.name, pattern)), None)
        if source and source not in keys:
            keys.append(source)
    return keys


def sources_of(rows: list[tuple[str, int]], root: Path, extra: str | None = None,
               round_dir: Path | None = None) -> list[str]:
    """The sources (kilder.csv: name, owner, date) of the rows, or of the kilder.csv key `extra` that
    beskrivelser.csv names for a value without rows; a fixed value of the method says so."""
    keys = _source_keys(rows, root, file_sources())
    if not keys and extra:
        keys = [extra]
    registry: dict[str, dict] = {}
    for folder in sorted({(root / file).parent for file, _ in rows}) or ([round_dir] if round_dir else []):
        kilder = folder / "kilder.csv"
        if kilder.is_file():
            registry = {**{r["key"]: r for r in _csv_rows(kilder).values() if r.get("key")}, **registry}
    out = []
    for key in keys:
        entry = registry.get(key)
        if key == FIXED_SOURCE:
            out.append("fast værdi i evalueringens metode (ingen datakilde)")
        elif key == "rapporten":
            out.append("rapportens egne oplysninger (evaluators udgivelsesdata og datanoter)")
        elif entry:
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
    extra, labels = written_sources(), _labels(round_name, root)
    entries = []
    for key, value in sorted(values.items()):
        base = key[:-4] if key.endswith("_ord") and key[:-4] in values else None   # the word twin of a count
        rows = measured.get(key) or (measured.get(base, []) if base else [])
        sources = sources_of(rows, root, extra.get(key) or (extra.get(base) if base else None),
                             root / "data" / round_name)
        entries.append(Entry(key, value, describe(key, written, labels), rows, method(value, rows, root), sources,
                             used.get(key, [])))
    return entries


def incomplete(entries: list[Entry], *, sources: bool = True) -> list[tuple[Entry, str]]:
    """The keys a chapter prints that lack a description (beskrivelser.csv) or (with `sources`) a source, with
    what they lack."""
    out = []
    for e in entries:
        lacks = [what for what, missing in (("description", not e.description), ("source", sources and not e.sources))
                 if missing]
        if e.uses and lacks:
            out.append((e, " or ".join(lacks)))
    return out


def check_complete(round_name: str, root: Path, values: dict[str, str] | None = None) -> None:
    """The render stops on a printed key without a description: one line naming the key. `values`: the round's
    inline values as the render already computed them (computing them again takes seconds).

    Sources are not required here: they come from the measured rows (trace/measured/<round>.json), which a new
    round (vvv new-round) or freshly imported data do not have until `vvv keys --round R --measure` has run, and
    a render must not wait minutes for that. The test suite requires both for every committed round
    (tests/test_trace.py)."""
    from vvvanalysis.errors import ConfigError

    missing = incomplete(catalogue(round_name, root, values), sources=False)
    if missing:
        entry, lacks = missing[0]
        others = f" ({len(missing) - 1} more keys too: {', '.join(e.key for e, _ in missing[1:4])}…)" \
            if len(missing) > 1 else ""
        raise ConfigError(f"the number '{entry.key}' has no {lacks} in the catalogue{others}",
                          file=f"{entry.uses[0].file}:{entry.uses[0].line}",
                          hint="write what it is in src/vvvanalysis/trace/beskrivelser.csv (key,beskrivelse,kilde), "
                               "or name its data file's source in src/vvvanalysis/trace/filkilder.csv")


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
           "(række 1 er overskriften), hvordan, kilden (ejer og dato i kilder.csv) og hvilke kapitellinjer der bruger det.", ""]
    for round_name, entries in rounds.items():
        out += [f"## {round_name}", "", "| Nøgle | Værdi | Beskrivelse | Data (fil:række) | Beregning | Kilde | Bruges i |",
                "|---|---|---|---|---|---|---|"]
        for e in entries:
            cells = [f"`{e.key}`", e.value, e.description, e.kilde.replace(";", "; ") or "–", e.method,
                     "; ".join(e.sources) or "–", ", ".join(f"{Path(p.file).name}:{p.line}" for p in e.uses) or "–"]
            out.append("| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |")
        out.append("")
    return "\n".join(out)
