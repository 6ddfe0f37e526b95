"""Which data rows each inline number is computed from, measured rather than declared.

Every row of every data file a chapter module reads is changed in turn (numbers +1001, dates +400 days,
texts get a letter appended; numbers, dates and texts separately, so a changed label does not hide a
changed count; and the row left out, which a count of rows notices), the modules that read that file compute
their numbers again, and every key whose text changed depends on that row. Where a module refuses a change
(a count above its n, a date that leaves its series), a smaller one is tried (+1, -1; -400 days); where it
refuses every change of a whole row (the row's year left its series with its count), each number of the row is
changed alone. A key that no raise moved (the smaller of two equal counts) gets a second pass with each number of
its modules' rows lowered by one, and a key that still has no rows a third: every cell holding the same whole
number, in all files, raised together (a year that several files must agree on), then narrowed to the rows
without which the key no longer moves. Rows are counted as the data-file errors count them: CSV header = row 1;
a YAML "row" is the line of the list item (or scalar) that holds the value.

The change is made in memory, behind the loader (data.loader._parse_cached, data.readers.parse_yaml):
no file is touched, and validation of the changed value is skipped because the question is only "does
this number read this row", not "is the changed row valid".
"""

from __future__ import annotations

import copy
import datetime as dt
import importlib
import math
import pkgutil
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

NUMBER_STEP = 1001   # changes the last digit and the thousands: an exact count and a count rounded to 1.000
NUMBER_STEPS = (NUMBER_STEP, 1, -1)   # the smaller steps only where a module refuses the larger (a count above n)
# One number of a row alone, where the whole row is refused: +101 and +11 before +-1, because a share rounded to a
# decimal (966 of 6.063 = 15,9 pct.) does not move by one.
COLUMN_STEPS = (NUMBER_STEP, 101, 11, 1, -1)
SHARE_STEPS = {NUMBER_STEP: 0.1234, 101: 0.0567, 11: 0.0234, 1: 0.0123, -1: -0.0123}   # a share: another percent
DATE_STEP = dt.timedelta(days=400)   # another month and another year
TEXT_MARK = " Ø"
KINDS = ("number", "date", "text")   # changed separately: a moved date or a renamed label must not hide a count


@dataclass(frozen=True, order=True)
class Row:
    file: Path      # the data file (absolute)
    row: int        # CSV: Excel-style row (header = 1); YAML: line of the item


@dataclass
class Dependencies:
    """key -> rows it reads; key -> the cells' values that changed it (for the method phrase)."""
    rows: dict[str, set[Row]] = field(default_factory=dict)
    columns: dict[tuple[str, Row], set[str]] = field(default_factory=dict)
    values: dict[str, str] = field(default_factory=dict)
    failed: list[str] = field(default_factory=list)   # modules that could not be computed at all


def chapter_modules() -> list:
    from vvvanalysis import keyfigures

    return [importlib.import_module(f"{keyfigures.__name__}.{info.name}")
            for info in sorted(pkgutil.iter_modules(keyfigures.__path__), key=lambda m: m.name)]


class _Loader:
    """Patches the loader so that one row of one file reads changed, and records the files each module reads."""

    def __init__(self):
        from vvvanalysis.data import loader, readers

        self.loader, self.readers = loader, readers
        self.original_table, self.original_yaml = loader._parse_cached, readers.parse_yaml
        self.original_text = readers.read_text
        self.target: dict | None = None   # path -> change function (several files for a joint change)
        self.reads: set[Path] = set()
        self._texts: dict = {}
        self._yamls: dict = {}

    def text(self, path, *, csv=None):
        # Reading and checking a file is the slow part of computing the numbers; while measuring, the files
        # do not change, so each is read once.
        memo = (str(path), csv)
        if memo not in self._texts:
            self._texts[memo] = self.original_text(path, csv=csv)
        return self._texts[memo]

    def table(self, name, path, text):
        frame, lines = self.original_table(name, path, text)
        self.reads.add(Path(path).resolve())
        change = self.target and self.target.get(Path(path).resolve())
        if change:
            frame = change(frame.copy())
        return frame, lines

    def yaml(self, text, path, error=None):
        memo = (str(path), text)
        if memo not in self._yamls:
            self._yamls[memo] = self.original_yaml(text, path, error) if error else self.original_yaml(text, path)
        data, node = self._yamls[memo]
        data = copy.deepcopy(data)
        self.reads.add(Path(path).resolve())
        change = self.target and self.target.get(Path(path).resolve())
        if change:
            data = change(data)
        return data, node

    @contextmanager
    def installed(self):
        self.loader._parse_cached, self.readers.parse_yaml = self.table, self.yaml
        self.loader.read_text = self.readers.read_text = self.text
        try:
            yield self
        finally:
            self.loader._parse_cached, self.readers.parse_yaml = self.original_table, self.original_yaml
            self.loader.read_text = self.readers.read_text = self.original_text


def _run(runner):
    try:
        values = runner()
    except Exception:   # a changed row the module cannot compute with: no answer from this change
        return None
    return {k: str(v) for k, v in values.items()}


def _changed(value, kind: str, step: int = NUMBER_STEP):
    if value is None or isinstance(value, bool) or (isinstance(value, float) and math.isnan(value)):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    if kind == "number" and isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, int) or float(value).is_integer() and abs(value) > 1:
            return value + step
        return value + SHARE_STEPS[step]
    if kind == "number" and hasattr(value, "item") and not isinstance(value, str):   # numpy scalars
        return _changed(value.item(), kind, step)
    if kind == "date" and isinstance(value, (dt.date, pd.Timestamp)):
        return value + DATE_STEP if step > 0 else value - DATE_STEP
    if kind.startswith("text") and isinstance(value, str) and value:
        return value + TEXT_MARK
    return None


def _table_change(index: int, kind: str, step: int = NUMBER_STEP, only: str | None = None):
    """Change one row: its numbers (or the number in column `only`), its dates, or one text column
    ('text:<column>')."""
    def change(frame: pd.DataFrame) -> pd.DataFrame:
        columns = [kind.split(":", 1)[1]] if kind.startswith("text:") else [only] if only else frame.columns
        for column in columns:
            new = _changed(frame.iloc[index][column], kind, step)
            if new is not None:
                if kind == "number" and frame[column].dtype.kind in "iu" and isinstance(new, float):
                    frame[column] = frame[column].astype(float)
                frame.at[frame.index[index], column] = new
        return frame
    change.step = step
    return change


def _table_drop(index: int):
    """The row left out: a count of rows (or a label found in one row only) reads it."""
    def change(frame: pd.DataFrame) -> pd.DataFrame:
        return frame.drop(index=frame.index[index]).reset_index(drop=True)
    return change


def _date_value_change(column: str, value):
    """Every row holding the same date moves together (rows of one measurement share its date)."""
    def change(frame: pd.DataFrame) -> pd.DataFrame:
        frame.loc[frame[column] == value, column] = value + DATE_STEP
        return frame
    return change


def _column_change(column: str):
    def change(frame: pd.DataFrame) -> pd.DataFrame:
        frame[column] = [v + TEXT_MARK if isinstance(v, str) and v else v for v in frame[column]]
        return frame
    return change


def _table_variants(frame: pd.DataFrame, lines: list[int], texts: set[str]) -> dict[tuple[int, ...], list]:
    """Rows -> the changes that test them: numbers (+1001, else +1, else -1: the next only where a module refuses the change), the
    dates of a row, each text column alone (only the `texts` columns: those whose text reaches a number), and
    each date value with every row that holds it."""
    variants: dict[tuple[int, ...], list] = {}
    for i, line in enumerate(lines):
        row = frame.iloc[i]
        found = []
        numbers = [c for c in frame.columns if _changed(row[c], "number") is not None]
        if numbers:
            attempts = [_table_change(i, "number", step) for step in NUMBER_STEPS]
            if len(numbers) > 1:   # tried only where every change of the whole row is refused
                attempts += [_table_change(i, "number", step, c) for c in numbers for step in COLUMN_STEPS]
            found.append(("number", attempts))
        if any(_changed(v, "date") is not None for v in row):
            found.append(("date", [_table_change(i, "date"), _table_change(i, "date", -1)]))
        found.append(("drop", [_table_drop(i)]))
        for column in texts:
            if isinstance(row[column], str) and row[column]:
                found.append((f"text:{column}", [_table_change(i, f"text:{column}")]))
        variants[(line,)] = found
    for column in frame.columns:
        for value in frame[column].dropna().unique():
            if _changed(value, "date") is not None and not isinstance(value, str):
                rows = tuple(line for line, v in zip(lines, frame[column]) if v == value)
                if len(rows) > 1:
                    variants.setdefault(rows, []).append(("date-value", [_date_value_change(column, value)]))
    return variants


def _leaves(node, data, path=()):
    """(path, line) of every scalar in the YAML, with the line of the top-level list item it belongs to."""
    import yaml

    if isinstance(node, yaml.MappingNode) and isinstance(data, dict):
        for key_node, value_node in node.value:
            key = key_node.value
            if key not in data:
                try:
                    key = yaml.safe_load(key_node.value)
                except yaml.YAMLError:
                    continue
            if key in data:
                yield from _leaves(value_node, data[key], (*path, key))
    elif isinstance(node, yaml.SequenceNode) and isinstance(data, list):
        for i, (item_node, item) in enumerate(zip(node.value, data)):
            yield from _leaves(item_node, item, (*path, i))
    else:
        yield path, node.start_mark.line + 1


def _item_line(path, lines_by_path) -> tuple:
    """A YAML value's 'row': the list item holding it (a recommendation, a quote), else its own line."""
    for cut in range(len(path), 0, -1):
        if isinstance(path[cut - 1], int):
            return path[:cut]
    return path


def _at(data, path):
    for part in path:
        data = data[part]
    return data


def _yaml_leaves_change(leaves, kind, step=NUMBER_STEP):
    def change(d):
        for leaf in leaves:
            holder = d
            for part in leaf[:-1]:
                holder = holder[part]
            if leaf:
                new = _changed(holder[leaf[-1]], kind, step)
                if new is not None:
                    holder[leaf[-1]] = new
        return d
    change.step = step
    return change


def _yaml_drop(item):
    def change(d):
        holder = d
        for part in item[:-1]:
            holder = holder[part]
        del holder[item[-1]]
        return d
    return change


SMALL_YAML = 150   # lines: a file this short has each text value tested alone (a label beside a checked role)


def _yaml_changes(data, node, text: str) -> dict[tuple[int, ...], list]:
    """Row (line of the item) -> list of (kind, attempts) for one YAML file (its data, node tree and text): the
    item's numbers, dates and texts changed, and the list item left out (a count of items reads every item)."""
    groups: dict[tuple, list[tuple]] = {}
    lines: dict[tuple, int] = {}
    for leaf, line in _leaves(node, data):
        item = _item_line(leaf, None)
        groups.setdefault(item, []).append(leaf)
        lines[item] = min(lines.get(item, line), line)
    small = len(text.splitlines()) <= SMALL_YAML
    changes: dict[tuple[int, ...], list] = {}
    for item, leaves in groups.items():
        found = changes.setdefault((lines[item],), [])
        for kind in KINDS:
            hits = [leaf for leaf in leaves if leaf and _changed(_at(data, leaf), kind) is not None]
            if not hits:
                continue
            if kind == "text" and small:
                found += [(kind, [_yaml_leaves_change([leaf], kind)]) for leaf in hits]
            else:
                steps = NUMBER_STEPS if kind == "number" else (NUMBER_STEP,)
                found.append((kind, [_yaml_leaves_change(hits, kind, step) for step in steps]))
        if item and isinstance(item[-1], int):
            found.append(("drop", [_yaml_drop(item)]))
    return changes


def dependencies(round_name: str, runners: dict | None = None) -> Dependencies:
    """Measure, for every key of the round, the data rows it is computed from.

    `runners` (name -> function returning {name: text}) measures other outputs the same way, e.g. the cells
    of the report's tables and the labels of its figures (trace.exhibits); by default the chapter modules."""
    from vvvanalysis.data.readers import read_text
    from vvvanalysis.paths import round_dir

    # The round's own data and any other round's it reads (the final round compares with the midterm's).
    folder = round_dir(round_name).resolve().parent
    deps = Dependencies()
    patch = _Loader()
    if runners is None:
        runners = {m.__name__: (lambda m=m: m.values(round_name)) for m in chapter_modules()}
    with patch.installed():
        baseline, reads = {}, {}
        for module, runner in runners.items():
            patch.reads = set()
            values = _run(runner)
            if values is None:
                deps.failed.append(module)
                continue
            baseline[module], reads[module] = values, {p for p in patch.reads if p.is_relative_to(folder)}
            deps.values.update(values)
            for key in values:
                deps.rows.setdefault(key, set())
        files = sorted(set().union(*reads.values())) if reads else []
        changes_of: dict[Path, dict] = {}
        parsed: dict[Path, tuple] = {}   # path -> ("csv", frame, lines) or ("yaml", data, node): for the third pass
        for path in files:
            readers_of = [m for m in baseline if path in reads[m]]
            text = read_text(path, csv=path.suffix == ".csv")
            if path.suffix == ".csv":
                frame, lines = _csv_frame(path, text, patch)
                parsed[path] = ("csv", frame, lines)
                texts = {c for c in frame.columns if frame[c].map(lambda v: isinstance(v, str)).any()
                         and _changes_any(patch, path, _column_change(c), readers_of, baseline, runners)}
                changes = _table_variants(frame, lines, texts)
            else:
                data, node = patch.original_yaml(text, path)
                parsed[path] = ("yaml", data, node)
                changes = _yaml_changes(data, node, text)
            changes_of[path] = changes
            _try_changes(changes, path, readers_of, patch, runners, baseline, deps)
        # A key no raise moved gets a second pass with its modules' numbers lowered by one: the smaller of two
        # equal counts stays as it is when either is raised alone, and moves when either is lowered.
        unmoved = {key for key, found in deps.rows.items() if not found}
        for path in files:
            modules = [m for m in baseline if path in reads[m] and unmoved & baseline[m].keys()]
            if modules:
                _try_changes(_lowered(changes_of[path]), path, modules, patch, runners, baseline, deps, only=unmoved)
        # A key still without rows may read a value several rows must agree on (the year of a fall, named in one
        # file and the year of the counts in another): no one row can change alone.
        unmoved = {key for key, found in deps.rows.items() if not found and any(c.isdigit() for c in deps.values[key])}
        for module in [m for m in baseline if unmoved & baseline[m].keys()]:
            cells = _whole_numbers({path: parsed[path] for path in reads[module]})
            _try_joint(cells, module, patch, runners, baseline, deps, unmoved & baseline[module].keys())
    # Word twins (KEY_ord) read what their number reads.
    for key in list(deps.rows):
        if key.endswith("_ord") and key[:-4] in deps.rows:
            deps.rows[key] |= deps.rows[key[:-4]]
    return deps


def _try_changes(changes, path, modules, patch, runners, baseline, deps, only=None) -> None:
    """Each change of `changes` (rows -> (kind, attempts)) through each module; a key whose text moved reads those
    rows (`only`: just these keys)."""
    for lines_changed, variants in changes.items():
        rows = {Row(Path(path), line) for line in lines_changed}
        for _kind, attempts in variants:
            for module in modules:
                for change in attempts:   # the next attempt only where the module refused the change
                    patch.target = {path: change}
                    after = _run(runners[module])
                    patch.target = None
                    if after is None:
                        continue
                    for key, value in baseline[module].items():
                        if (only is None or key in only) and after.get(key) != value:
                            deps.rows[key] |= rows
                    break


def _lowered(changes: dict) -> dict:
    """The first pass's number changes with only their attempts that lower a number by one (the whole row's, then
    each column's where the row's is refused)."""
    return {rows: [(kind, [a for a in attempts if a.step == -1]) for kind, attempts in found if kind == "number"]
            for rows, found in changes.items()}


def _whole_numbers(parsed: dict[Path, tuple]) -> dict[int, list[tuple[Row, object]]]:
    """Whole number -> the cells holding it (row, where in the file), for numbers held by two rows or more."""
    cells: dict[int, list[tuple[Row, object]]] = {}
    for path, (kind, data, where) in parsed.items():
        if kind == "csv":
            for i, line in enumerate(where):
                row = data.iloc[i]
                for column in data.columns:
                    value = row[column]
                    if _whole(value):
                        cells.setdefault(int(value), []).append((Row(path, line), (i, column)))
        else:
            for leaf, line in _leaves(where, data):
                if leaf and _whole(_at(data, leaf)):
                    cells.setdefault(int(_at(data, leaf)), []).append((Row(path, line), leaf))
    return {v: found for v, found in cells.items() if len({row for row, _ in found}) > 1}


def _whole(value) -> bool:
    """A whole number: an int, or a float column's whole value (a year in a column that also holds shares)."""
    value = value.item() if hasattr(value, "item") and not isinstance(value, str) else value
    if isinstance(value, float):
        return value.is_integer()
    return isinstance(value, int) and not isinstance(value, bool)


def _joint_change(cells: list[tuple[Row, object]]) -> dict:
    """Path -> a change raising every one of `cells` by one."""
    def csv_change(places):
        def change(frame):
            for i, column in places:
                frame.at[frame.index[i], column] = frame.iloc[i][column] + 1
            return frame
        return change

    def yaml_change(leaves):
        def change(d):
            for leaf in leaves:
                _at(d, leaf[:-1])[leaf[-1]] += 1
            return d
        return change

    by_path: dict[Path, list] = {}
    for row, where in cells:
        by_path.setdefault(row.file, []).append(where)
    return {path: (csv_change if path.suffix == ".csv" else yaml_change)(places) for path, places in by_path.items()}


def _try_joint(cells, module, patch, runners, baseline, deps, keys) -> None:
    """Each shared whole number raised in every cell at once; where that moves a key, the rows it needs are those
    whose cells, left out of the change, leave the key unmoved (or the change refused)."""
    def moved(chosen) -> set[str]:
        patch.target = _joint_change(chosen)
        after = _run(runners[module])
        patch.target = None
        return set() if after is None else {k for k in keys if after.get(k) != baseline[module][k]}

    for _value, chosen in sorted(cells.items()):
        for key in sorted(moved(chosen) & {k for k in keys if not deps.rows[k]}):
            needed = chosen
            for row in sorted({row for row, _ in chosen}):
                fewer = [cell for cell in needed if cell[0] != row]
                if fewer and key in moved(fewer):
                    needed = fewer
            deps.rows[key] |= {row for row, _ in needed}


def _changes_any(patch, path, change, modules, baseline, runners) -> bool:
    """Does changing a whole text column change any number? (Most columns are notes: no row needs testing.)"""
    for module in modules:
        patch.target = {path: change}
        after = _run(runners[module])
        patch.target = None
        if after is not None and after != baseline[module]:
            return True
    return False


def _csv_frame(path: Path, text: str, patch: _Loader):
    from vvvanalysis.data.tables import TABLES

    for name, schema in TABLES.items():
        if path.name == schema.file:
            return patch.original_table(name, path, text)
    raise KeyError(path)
