"""Inline numbers for the prose ({{< meta v.KEY >}}), formatted in Danish for running text.

One module per report chapter, each with `values(round) -> dict[str, str]`; modules are collected
automatically so chapters can grow independently. A key defined twice is an error.
"""

from __future__ import annotations

import importlib
import pkgutil

from vvvanalysis.errors import ConfigError


def on_demand(generated: dict[str, str]) -> dict[str, str]:
    """The members of a key family made per criterion or indicator (mo_<criterion>_*, udv_<indicator>_*) that
    a chapter of some round, or a notebook, prints; the rest are not made, so no key stands unused beside the
    one that prints its fact. A chapter that starts printing a member gets it on the next run."""
    from vvvanalysis.paths import project_root
    from vvvanalysis.trace.uses import notebook_keys, uses

    root = project_root()
    if not (root / "report").is_dir():   # a data-only copy (tests, benchmarks): no chapter decides, make them all
        return dict(generated)
    printed = notebook_keys(root)
    for folder in sorted((root / "report").iterdir()):
        if folder.is_dir():
            printed |= set(uses(folder.name, root))
    return {k: v for k, v in generated.items() if k in printed or f"{k}_ord" in printed}


def keyfigures(round_name) -> dict[str, str]:
    merged: dict[str, str] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for key, value in module.values(round_name).items():
            if key in merged:
                raise ConfigError(f"inline value '{key}' is defined twice", file=module.__file__)
            if not isinstance(value, str):
                raise ConfigError(f"inline value '{key}' is not formatted text: {value!r}", file=module.__file__,
                                  hint="format it with vvvanalysis.danish")
            merged[key] = value
    # House style: a small count in running text is a word ('fire kommuner'). Every count 0-12 gets a word
    # twin KEY_ord (common gender: 'én'); the prose picks the form its sentence needs.
    from vvvanalysis.danish import count_word

    for key, value in list(merged.items()):
        if value.isdigit() and int(value) <= 12 and f"{key}_ord" not in merged:
            merged[f"{key}_ord"] = count_word(int(value))
    return merged
