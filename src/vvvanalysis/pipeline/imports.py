"""Which package modules a notebook uses: its vvvanalysis imports and everything they import in turn.

Read from the source (ast), not from a running kernel, so the answer is the same however the kernel was
warmed up. A notebook's cache key hashes only these modules, so editing the code of one chapter re-runs the
notebooks that use it, not all of them.
"""

from __future__ import annotations

import ast
import functools
import json
import threading
from pathlib import Path

PACKAGE = "vvvanalysis"
PACKAGE_DIR = Path(__file__).resolve().parents[1]
# ast.parse is not thread-safe in CPython 3.11 ("AST constructor recursion depth mismatch", a SystemError),
# and notebooks are stamped from several worker threads at once.
_PARSE_LOCK = threading.Lock()


def _parse(source: str, filename: str = "<notebook>") -> ast.AST:
    with _PARSE_LOCK:
        return ast.parse(source, filename=filename)


def module_file(name: str) -> Path | None:
    """vvvanalysis.a.b -> src/vvvanalysis/a/b.py or a/b/__init__.py; None if no such module."""
    parts = name.split(".")[1:]
    base = PACKAGE_DIR.joinpath(*parts)
    for candidate in (base.with_suffix(".py") if parts else None, base / "__init__.py"):
        if candidate is not None and candidate.is_file():
            return candidate
    return None


def _imported(tree: ast.AST, package: str) -> set[str]:
    """Absolute names of vvvanalysis modules (or names inside them) an AST imports, anywhere in it."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:   # relative: resolve against the importing module's package
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            names.add(module)
            names.update(f"{module}.{a.name}" for a in node.names)
    return {n for n in names if n == PACKAGE or n.startswith(PACKAGE + ".")}


@functools.lru_cache(maxsize=1024)
def _module_imports(source: str, package: str, filename: str) -> frozenset[str]:
    """A module's imports, parsed once per process for each text of it: every notebook's cache key walks the same
    modules, and parsing them is most of the time a no-op render takes."""
    return frozenset(_imported(_parse(source, filename), package))


def _with_parents(name: str) -> list[str]:
    parts = name.split(".")
    return [".".join(parts[: i + 1]) for i in range(len(parts))]


def closure(roots: set[str]) -> set[Path]:
    """Source files of the modules named in `roots`, their parent packages and what they import, transitively.
    A module that imports by name at run time (importlib) brings its whole subpackage."""
    files: set[Path] = set()
    todo = [m for root in roots for m in _with_parents(root)]
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        path = module_file(name)
        if path is None or path in files:
            continue
        files.add(path)
        source = path.read_text(encoding="utf-8")
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        todo.extend(m for found in _module_imports(source, package, str(path)) for m in _with_parents(found))
        if "import_module(" in source:
            folder = path.parent
            todo.extend(f"{package}.{p.stem}" for p in folder.glob("*.py") if p.stem != "__init__")
    return files


def notebook_modules(notebook: Path) -> set[Path]:
    """Package source files a notebook depends on; raises SyntaxError if one of them does not parse."""
    cells = json.loads(notebook.read_text(encoding="utf-8")).get("cells", [])
    code = "\n".join("".join(c.get("source", "")) for c in cells if c.get("cell_type") == "code")
    lines = [line for line in code.splitlines() if not line.lstrip().startswith(("%", "!"))]   # IPython magics
    return closure(_imported(_parse("\n".join(lines)), PACKAGE))
