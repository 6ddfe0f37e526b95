"""The package's import graph has no cycle, counting function-level imports too (they hide a cycle from the
interpreter, not from the reader): each module depends on the modules below it, never back up.

A cycle means a function lives in the wrong module: move it to the module that owns it (as source_epoch moved to
provenance.py and the importer's checks to importer/raw.py), rather than hiding the import inside a function.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "vvvanalysis"

# No edge is tolerated: the last cycle (render.builtin <-> render.docx_reference) ended when pandoc_path and
# pandoc_version moved to render/pandoc.py. An entry here would be a known cycle kept on purpose.
TOLERATED: set[tuple[str, str]] = set()


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """Every package module `name` imports, wherever the import statement stands (module level or in a function)."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:   # relative: from . import x, from ..y import z
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            # 'from vvvanalysis.importer import records' imports the submodule records, not only the package
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in known:   # 'vvvanalysis.x.func' -> the module that holds it
                target = target.rpartition(".")[0]
            if target and target.startswith("vvvanalysis") and target != name:
                out.add(target)
    return out


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports(name, path, known) - {"vvvanalysis"} for name, path in known.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan), each sorted."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def test_the_package_has_no_import_cycle():
    edges = graph()
    for source, target in TOLERATED:
        assert target in edges[source], f"the tolerated edge {source} -> {target} is gone: delete it from TOLERATED"
        edges[source] = edges[source] - {target}
    found = cycles(edges)
    assert not found, "import cycles (move the function to the module that owns it): " + "; ".join(
        " <-> ".join(c) for c in found)


def test_the_check_sees_function_level_imports_and_finds_a_planted_cycle():
    edges = graph()
    # preview/loop.py imports pipeline.run only inside a method: the graph has the edge all the same
    assert "vvvanalysis.pipeline.run" in edges["vvvanalysis.preview.loop"]
    assert "vvvanalysis.pipeline.run" not in _module_level(PACKAGE / "preview" / "loop.py")
    planted = {**edges, "vvvanalysis.personal_patterns": {"vvvanalysis.personal_data"}}
    assert any({"vvvanalysis.personal_data", "vvvanalysis.personal_patterns"} <= set(c) for c in cycles(planted))


def _module_level(path: Path) -> set[str]:
    return {n.module for n in ast.parse(path.read_text(encoding="utf-8")).body if isinstance(n, ast.ImportFrom)}
