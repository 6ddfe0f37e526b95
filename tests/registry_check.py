"""The registry of repeated quantities (issue 23 item 2), found automatically for every round.

Every number a chapter prints from a key ({{< meta v.KEY >}}) is looked up in every table cell and figure text
the chapters embed (the notebooks' labelled cells, run here as the render runs them). A key whose value stands
in more than one place – two sections of text, or text and an exhibit – is a repeated quantity; the registry
lists each of its places. The committed registry (tests/consistency/registry-<round>.json) is the reviewed
state: a place that stops printing the key's value (a second computation that disagrees: »Mangler (6)« beside
a text's »ni«), a section that prints the quantity from another key, or a new place that prints it all change
the registry, and the test names the key and the place until the change is reviewed and the file rewritten:

    .venv/bin/python tests/registry_check.py --write
"""

from __future__ import annotations

import ast
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REGISTRY = ROOT / "tests" / "consistency"
USE = re.compile(r"\{\{<\s*meta\s+v\.(\w+)\s*>\}\}")
EMBED = re.compile(r"\{\{<\s*embed\s+_executed/([\w-]+)\.ipynb#((?:tabel|figur)-[\w-]+)\s*>\}\}")
HEADING = re.compile(r"^(#+)\s+(.*?)\s*(?:\{#([\w-]+)[^}]*\})?\s*$")
# A number as the report prints it: 6.063, 7,6, 29 %, 38–67 %.
NUMBER = re.compile(r"\d[\d.,]*(?:–\d[\d.,]*)?(?:[\s\u00a0]?%)?")


def normal(value: str) -> str:
    """'29 pct.' in text is '29 %' in a table; no-break spaces are spaces."""
    return value.replace("\u00a0", " ").replace(" pct.", " %").strip()


def countable(value: str) -> bool:
    """A value the registry follows: a number, share or interval; not a small count (in words, and too common
    to tell apart) and not a year."""
    value = normal(value)
    if not re.fullmatch(NUMBER.pattern, value):
        return False
    if value.isdigit() and (int(value) <= 12 or 1990 <= int(value) <= 2035):
        return False
    return True


# --- where the text prints each key ------------------------------------------------------------------------
def text_places(round_name: str, chapters: Path | None = None) -> dict[str, set[str]]:
    """key -> {'file#section'}: the innermost heading (its id, or its title) above each use."""
    chapters = chapters or ROOT / "report" / round_name
    found: dict[str, set[str]] = {}
    for path in sorted(chapters.glob("*.qmd")):
        section = "(start)"
        for line in path.read_text(encoding="utf-8").splitlines():
            heading = HEADING.match(line)
            if heading:
                section = heading.group(3) or heading.group(2)
                continue
            for key in USE.findall(line):
                found.setdefault(key.removesuffix("_ord"), set()).add(f"{path.name}#{section}")
    return found


def embedded(round_name: str) -> list[tuple[str, str]]:
    """(notebook, label) of every table and figure the round's chapters embed, in order."""
    out = []
    for path in sorted((ROOT / "report" / round_name).glob("*.qmd")):
        out += [m for m in EMBED.findall(path.read_text(encoding="utf-8")) if m not in out]
    return out


# --- what each exhibit prints ------------------------------------------------------------------------------
def _run_cells(round_name: str, wanted: set[tuple[str, str]]) -> dict[str, object]:
    """Run the notebooks' labelled cells as the render does: 'notebook#label' -> the table or figure."""
    import matplotlib.pyplot as plt

    results = {}
    for notebook in sorted({n for n, _ in wanted}):
        cells = [c for c in json.loads((ROOT / "notebooks" / f"{notebook}.ipynb").read_text(encoding="utf-8"))["cells"]
                 if c["cell_type"] == "code"]
        space: dict = {}
        for cell in cells:
            source = "".join(cell["source"])
            label = re.search(r"#\|\s*label:\s*([\w-]+)", source)
            if label is None:
                exec(source.replace('round_name = "midterm"', f'round_name = "{round_name}"'), space)
                continue
            if (notebook, label.group(1)) not in wanted:
                continue
            tree = ast.parse(source)
            last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
            exec(compile(tree, notebook, "exec"), space)
            value = eval(compile(ast.Expression(last.value), notebook, "eval"), space) if last else space.get("fig")
            results[f"{notebook}#{label.group(1)}"] = _printed(value)
            plt.close("all")
    return results


def _printed(value) -> list[tuple[str, str]]:
    """(slot, text) pairs: a table's cells named by row and column, a figure's texts named by their own text."""
    from vvvanalysis.literal import plain

    if hasattr(value, "axes"):   # a matplotlib figure: labels, annotations, legends, category ticks
        texts = []
        for ax in value.axes:
            texts += [t.get_text() for t in ax.texts] + [ax.get_title()]
            if ax.get_legend():
                texts += [t.get_text() for t in ax.get_legend().get_texts()]
            texts += [t.get_text() for t in ax.get_yticklabels() + ax.get_xticklabels()
                      if re.search(r"[A-Za-zÆØÅæøå]", t.get_text())]
        texts += [t.get_text() for t in value.texts]
        return [(f"tekst »{' '.join(t.split())}«", t) for t in texts if t.strip()]
    lines = plain(getattr(value, "data", str(value))).strip().splitlines()
    head = [c.strip() for c in lines[0].strip("|").split(" | ")] if lines else []
    out = []
    for line in lines[2:]:
        cells = [c.strip() for c in line.strip("|").split(" | ")]
        out += [(f"række »{cells[0]}«, kolonne »{head[i] if i < len(head) else i}«", c) for i, c in enumerate(cells)]
    return out


def exhibits(round_name: str) -> dict[str, list[tuple[str, str]]]:
    from vvvanalysis.notebook import setup  # noqa: F401  (the cells import it; fail here if it is missing)

    return _run_cells(round_name, set(embedded(round_name)))


# --- the registry ------------------------------------------------------------------------------------------
def build(values: dict[str, str], places: dict[str, set[str]], printed: dict[str, list[tuple[str, str]]]) -> dict:
    """key -> {'value', 'places'} for every key the text prints whose value stands in more than one place."""
    tokens: dict[str, list[str]] = {}
    for exhibit, slots in printed.items():
        for slot, text in slots:
            for token in NUMBER.findall(normal(text)):
                tokens.setdefault(token.strip(), []).append(f"{exhibit}: {slot}")
    registry = {}
    for key, where in sorted(places.items()):
        value = values.get(key)
        if value is None or not countable(value):
            continue
        found = sorted(where) + sorted(set(tokens.get(normal(value), [])))
        if len(found) > 1:
            registry[key] = {"value": normal(value), "places": found}
    return registry


def current(round_name: str) -> dict:
    from vvvanalysis.keyfigures import keyfigures

    return build(keyfigures(round_name), text_places(round_name), exhibits(round_name))


def committed(round_name: str) -> dict:
    path = REGISTRY / f"registry-{round_name}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def differences(old: dict, new: dict) -> list[str]:
    """What changed, per key and place, in the report's words."""
    out = []
    for key in sorted(set(old) | set(new)):
        before, after = old.get(key, {}), new.get(key, {})
        if before.get("value") != after.get("value"):
            out.append(f"{key}: the value is {after.get('value')!r}, the registry has {before.get('value')!r}")
        for place in sorted(set(before.get("places", [])) - set(after.get("places", []))):
            out.append(f"{key}: {place} no longer prints {before.get('value')!r}")
        for place in sorted(set(after.get("places", [])) - set(before.get("places", []))):
            out.append(f"{key}: {place} prints {after.get('value')!r} too (not in the registry)")
    return out


def write(round_name: str) -> Path:
    REGISTRY.mkdir(parents=True, exist_ok=True)
    path = REGISTRY / f"registry-{round_name}.json"
    path.write_text(json.dumps(current(round_name), ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                    encoding="utf-8")
    return path


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit("usage: tests/registry_check.py --write   (after reviewing what the test reports)")
    sys.path.insert(0, str(ROOT / "src"))
    for name in ("midterm", "final"):
        print(write(name))
