"""Where the report's tables and figures come from: the data rows of every table cell and figure label.

Measured as the inline numbers are (trace.rows): each output function a chapter embeds (a notebook cell labelled
`tabel-…` or `figur-…`) is run with one data row changed at a time, and a cell or a label whose text changes reads
that row. Stored by `vvv keys --round R --measure` in trace/measured/<round>.exhibits.json beside the keys' rows.

From the stored rows the render's source map (kilde.json, `udstillinger`, keyed by the float's id: tbl-…, fig-…)
gives the HTML (report/_filters/kilde-data.lua) each number's data-kilde and explanation, the rows behind the
"Data" disclosure under every caption, and the data files a figure's "Kilde" line names.
"""

from __future__ import annotations

import ast
import functools
import importlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from vvvanalysis.trace.catalogue import MEASURED, Entry, _csv_rows, method, sources_of

CALL = re.compile(r"^(?:fig = )?(\w+)\.(\w+)\(ctx(?:, (.*))?\)\s*$")
EMBED = re.compile(r"\{\{<\s*embed\s+_executed/([\w.-]+)\.ipynb#((?:tabel|figur)-[\w-]+)\s*>\}\}")
FLOAT = re.compile(r"^:::+\s*\{#((?:fig|tbl)-[\w-]+)")
NUMBER = re.compile(r"\d")


@dataclass(frozen=True)
class Exhibit:
    label: str       # the notebook cell's label, e.g. tabel-reorganisering
    float_id: str    # the chapter's float around the embed, e.g. tbl-reorganisering
    notebook: str
    module: str      # vvvanalysis.outputs.<module>
    function: str
    args: tuple


def _calls(root: Path) -> dict[tuple[str, str], tuple[str, str, tuple]]:
    """(notebook, label) -> (module, function, extra arguments) of every labelled table or figure cell."""
    found = {}
    for path in sorted((root / "notebooks").glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            source = "".join(cell.get("source", []))
            label = re.search(r"^#\| label: ((?:tabel|figur)-[\w-]+)", source, re.M)
            body = [line for line in source.splitlines() if line.strip() and not line.startswith("#|")]
            call = CALL.match(body[-1]) if label and body else None
            if call:
                args = ast.literal_eval(f"({call.group(3)},)") if call.group(3) else ()
                found[(path.stem, label.group(1))] = (call.group(1), call.group(2), args)
    return found


def exhibits(round_name: str, root: Path) -> list[Exhibit]:
    """Every table and figure a chapter of the round embeds inside a float (::: {#tbl-…} / {#fig-…})."""
    calls = _calls(root)
    out = []
    for path in sorted((root / "report" / round_name).glob("*.qmd")):
        float_id = None
        for line in path.read_text(encoding="utf-8").splitlines():
            opened = FLOAT.match(line)
            if opened:
                float_id = opened.group(1)
            elif line.strip() == ":::":
                float_id = None
            embed = EMBED.search(line)
            if embed and float_id and (embed.group(1), embed.group(2)) in calls:
                module, function, args = calls[(embed.group(1), embed.group(2))]
                out.append(Exhibit(embed.group(2), float_id, embed.group(1), module, function, args))
    return out


# --- what an exhibit prints -----------------------------------------------------------------------------------
def _split_row(line: str) -> list[str]:
    cells = re.split(r"(?<!\\)\|", line.strip())[1:-1]
    return [c.strip() for c in cells]


def table_cells(markdown: str) -> dict[str, str]:
    """'r,c' (body row, column; from 0) -> the text of each cell of the first pipe table in `markdown`."""
    from vvvanalysis.literal import plain

    lines = [line for line in markdown.splitlines() if line.startswith("|")]
    return {f"{r},{c}": plain(cell) for r, line in enumerate(lines[2:]) for c, cell in enumerate(_split_row(line))}


def _drawing(ax) -> str:
    """A short fingerprint of what an axes draws from data (bars, points, lines, interval whiskers), so that a
    figure with no number printed on it still knows the rows it is drawn from."""
    import hashlib

    import numpy as np

    parts = []
    for line in ax.lines:
        parts.append(np.asarray(line.get_xydata(), dtype=float).round(6).tobytes())
    for collection in ax.collections:
        parts.append(np.asarray(collection.get_offsets(), dtype=float).round(6).tobytes())
        parts.extend(np.asarray(path.vertices, dtype=float).round(6).tobytes() for path in collection.get_paths())
    for patch in ax.patches:
        parts.append(np.asarray(patch.get_extents().bounds, dtype=float).round(3).tobytes())
    return hashlib.sha1(b"|".join(parts)).hexdigest()[:12]


def figure_labels(fig) -> dict[str, str]:
    """'a<axes>t<i>' -> every text drawn in a figure's axes (the numbers on bars, 'ikke oplyst'),
    'a<axes>y<i>' / 'a<axes>x<i>' -> its category tick labels (data labels, not the axis' own numbers), and
    'a<axes>d' -> the fingerprint of what it draws (no label: only its rows are kept)."""
    from matplotlib.ticker import FixedFormatter

    out = {}
    for a, ax in enumerate(fig.axes):
        out[f"a{a}d"] = _drawing(ax)
        for i, text in enumerate(ax.texts):
            out[f"a{a}t{i}"] = text.get_text()
        for name, axis in (("x", ax.xaxis), ("y", ax.yaxis)):
            if isinstance(axis.get_major_formatter(), FixedFormatter):
                for i, tick in enumerate(axis.get_major_formatter().seq):
                    out[f"a{a}{name}{i}"] = str(tick)
    return out


def printed(exhibit: Exhibit, round_name: str) -> dict[str, str]:
    """What the exhibit prints, by position (table_cells or figure_labels)."""
    import matplotlib.pyplot as plt

    from vvvanalysis.notebook import setup

    function = getattr(importlib.import_module(f"vvvanalysis.outputs.{exhibit.module}"), exhibit.function)
    result = function(setup(round_name), *exhibit.args)
    try:
        if hasattr(result, "axes"):
            return figure_labels(result)
        return table_cells(str(getattr(result, "data", result) or ""))
    finally:
        plt.close("all")


def is_number(position: str, text: str) -> bool:
    """A table cell or a label drawn in a figure that prints a number (a tick's category is a label, not a number)."""
    return bool(NUMBER.search(text)) and not re.match(r"a\d+[xyd]", position)


def by_content(cells: dict[str, str]) -> dict[str, str]:
    """Position -> a name that stays with the same printed thing when a changed row reorders the exhibit: a
    table cell by its row's label (first column) and column, a figure text by its own text in its axes (the
    n-th such). A changed value then changes its name (it is gone), and no other cell seems changed because a
    row moved (bars sorted by size, a row left out)."""
    seen: dict[str, int] = {}
    names = {}
    for position in sorted(cells, key=_order):
        table = re.fullmatch(r"(\d+),(\d+)", position)
        if table:
            row, column = table.groups()
            label = cells.get(f"{row},0", "")
            if column == "0":
                seen[label] = seen.get(label, 0) + 1
            group = f"{label}#{seen.get(label, 1)}|{column}"
        else:
            axes = re.match(r"a\d+[txyd]", position).group(0)
            group = f"{axes}|{cells[position]}"
            seen[group] = seen.get(group, 0) + 1
            group = f"{group}#{seen[group]}"
        names[position] = group
    return names


def stable_names(cells: dict, names: dict, base_cells: dict, base_names: dict) -> dict[str, str]:
    """The names of a changed exhibit's positions: by content (by_content) where the change moved things, by
    position where it did not. Two labels with the same text ('2' and '2') are told apart only by where they
    stand: when one changes and nothing moves, fewer positions differ than names, and the changed one is the
    position that differs (by content, the other '2' would seem changed)."""
    if cells.keys() != base_cells.keys():
        return names
    by_position = sum(cells[p] != base_cells[p] for p in cells)
    now = {name: cells[p] for p, name in names.items()}
    by_name = sum(now.get(name) != base_cells[p] for p, name in base_names.items())
    return dict(base_names) if by_position <= by_name else names


def _order(position: str) -> tuple:
    return tuple(int(n) if n.isdigit() else n for n in re.findall(r"\d+|\D+", position))


# --- measuring (slow) and the stored rows ---------------------------------------------------------------------
def measured_path(round_name: str) -> Path:
    return MEASURED / f"{round_name}.exhibits.json"


def measure(round_name: str, root: Path) -> Path:
    from vvvanalysis.trace.rows import dependencies

    found = exhibits(round_name, root)
    first: dict[str, tuple[dict, dict]] = {}   # label -> (cells, names) of the unchanged data (the first run)

    def runner(exhibit):
        cells = printed(exhibit, round_name)
        names = by_content(cells)
        base_cells, base_names = first.setdefault(exhibit.label, (cells, names))
        return {f"{exhibit.label}|{name}": cells[position]
                for position, name in stable_names(cells, names, base_cells, base_names).items()}

    deps = dependencies(round_name, {e.label: (lambda e=e: runner(e)) for e in found})
    stored = {}
    for e in found:
        cells = {}
        for position, name in by_content(printed(e, round_name)).items():
            key = f"{e.label}|{name}"
            rows = sorted([str(r.file.resolve().relative_to(root.resolve())), r.row] for r in deps.rows.get(key, ()))
            cells[position] = {"text": deps.values.get(key, ""), "rows": rows}
        every = sorted({(f, r) for c in cells.values() for f, r in c["rows"]})
        stored[e.label] = {"float": e.float_id, "cells": cells, "rows": [list(x) for x in every]}
    path = measured_path(round_name)
    text = json.dumps({"round": round_name, "exhibits": stored, "failed": deps.failed}, ensure_ascii=False,
                      indent=1, sort_keys=True)
    path.write_text(text + "\n", encoding="utf-8")
    return path


def measured(round_name: str) -> dict:
    path = measured_path(round_name)
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))["exhibits"]


# --- what the HTML gets -----------------------------------------------------------------------------------------
DECIMAL_COMMA = re.compile(r"^(-?\d+),(\d+)$")


def _canonical(cell: str | None, decimal_comma: bool) -> str:
    """A cell as the data contract writes it, whichever dialect the file was saved in: a Danish Excel copy
    (decimal comma, stray spaces) shows the same rows as the tidy file it was saved from."""
    text = (cell or "").strip()
    return DECIMAL_COMMA.sub(r"\1.\2", text) if decimal_comma else text


def _row_table(file: str, rows: list[int], root: Path) -> dict:
    """The rows of one data file as a small table: its header and the cells of each row (a YAML file: the line)."""
    path = root / file
    if path.suffix == ".csv":
        table = _csv_rows(path)
        header = list(next(iter(table.values()), {}).keys())
        body = [[str(r), *[_canonical(table.get(r, {}).get(h, ""), table.decimal_comma) for h in header]]
                for r in rows]
        return {"fil": file, "kolonner": ["Række", *header], "raekker": body}
    lines = path.read_text(encoding="utf-8").splitlines()
    return {"fil": file, "kolonner": ["Linje", "Indhold"],
            "raekker": [[str(r), lines[r - 1].strip() if 0 < r <= len(lines) else ""] for r in rows]}


def html_map(round_name: str, root: Path) -> dict[str, dict]:
    """float id -> {celler: {position: {tekst, kilde, forklaring}}, data: [row tables], filer: "a.csv, b.csv"}."""
    out = {}
    for label, stored in sorted(measured(round_name).items()):
        figure = label.startswith("figur-")
        cells = {}
        for position, cell in stored["cells"].items():
            rows = [(f, int(r)) for f, r in cell["rows"]]
            if not rows or not is_number(position, cell["text"]):
                continue
            where = "Tal på figuren" if figure else "Tal i tabellen"
            row_label = stored["cells"].get(position.split(",")[0] + ",0", {}).get("text") if not figure else None
            entry = Entry(position, cell["text"], where + (f": {row_label}" if row_label else ""), rows,
                          method(cell["text"], rows, root), sources_of(rows, root))
            cells[position] = {"tekst": cell["text"], "kilde": entry.kilde, "forklaring": entry.explanation()}
        by_file: dict[str, list[int]] = {}
        for file, row in stored["rows"]:
            by_file.setdefault(file, []).append(int(row))
        # positions whose text is no number from data (a cross-reference 'afsnit 6.1', a label): left unmarked
        plain = sorted(p for p, c in stored["cells"].items() if not is_number(p, c["text"]))
        out[stored["float"]] = {"celler": cells, "data": [_row_table(f, r, root) for f, r in by_file.items()],
                                "filer": ", ".join(by_file), "label": label, "uden": plain}
    return out


@functools.lru_cache(maxsize=4)
def _cached_map(round_name: str, root: Path, stamp: float) -> dict[str, dict]:
    return {entry["label"]: entry for entry in html_map(round_name, root).values()}


SVG_TEXT = re.compile(r'<g id="vvv-(a\d+t\d+)">')


def svg_with_sources(svg: str, label: str, round_name: str, root: Path) -> str:
    """A figure's SVG with each number label's provenance: the text group (named vvv-a<axes>t<i> by
    style.finish) gets an id unique in the page, data-kilde and a <title> with the explanation."""
    import html

    path = measured_path(round_name)
    stamp = path.stat().st_mtime if path.is_file() else 0.0
    cells = _cached_map(round_name, root.resolve(), stamp).get(label, {}).get("celler", {})

    def mark(match):
        position = match.group(1)
        cell = cells.get(position)
        opening = f'<g id="{label}-{position}"'
        if cell is None:
            return opening + ">"
        return (f'{opening} data-kilde="{html.escape(cell["kilde"])}">'
                f'<title>{html.escape(cell["forklaring"])}</title>')

    return SVG_TEXT.sub(mark, svg)
