"""Every command the README and docs/ show exists as written: each `vvv` subcommand, each flag it is given (and
each value listed for a flag with choices), each `make` target. A newcomer copies these lines on a fresh clone."""

from __future__ import annotations

import argparse
import re
import shlex
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def commands(tool: str) -> list[tuple[str, str]]:
    """(file:line, command) for every `tool …` in inline code or at the start of a line in a code block."""
    found = []
    for doc in DOCS:
        fenced = False
        for number, line in enumerate(doc.read_text(encoding="utf-8").splitlines(), start=1):
            if line.lstrip().startswith("```"):
                fenced = not fenced
                continue
            where = f"{doc.relative_to(ROOT)}:{number}"
            if fenced and line.lstrip().startswith(tool + " "):
                found.append((where, line.split("#", 1)[0].strip()))
            found += [(where, m) for m in re.findall(rf"`({tool} [^`]*)`", line)]
    return found


def _subparsers() -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    from vvvanalysis.cli import _parser

    parser = _parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return parser, dict(sub.choices)


def _options(parser: argparse.ArgumentParser) -> dict[str, argparse.Action]:
    return {flag: action for action in parser._actions for flag in action.option_strings}


VVV = commands("vvv")
MAKE = commands("make")


def test_the_docs_show_commands():
    assert len(VVV) > 20 and len(MAKE) > 5, (len(VVV), len(MAKE))


@pytest.mark.parametrize("where, command", VVV, ids=[f"{w} {c}" for w, c in VVV])
def test_every_vvv_command_in_the_docs_exists(where, command):
    top, subs = _subparsers()
    words = shlex.split(command.replace("…", "").replace("[", " ").replace("]", " "))[1:]
    while words and words[0].startswith("--"):          # global options: vvv --debug …
        assert words[0] in _options(top), f"{where}: vvv has no option {words[0]}"
        words = words[1:]
    if not words:
        return
    assert words[0] in subs, f"{where}: vvv has no subcommand '{words[0]}' ({', '.join(subs)})"
    options = _options(subs[words[0]]) | _options(top)
    for i, word in enumerate(words[1:], start=1):
        if not word.startswith("--"):
            continue
        assert word in options, f"{where}: 'vvv {words[0]}' has no option {word}"
        action = options[word]
        if action.choices and i + 1 < len(words) and not words[i + 1].startswith("--"):
            for value in words[i + 1].split("|"):
                assert value in action.choices, f"{where}: {word} does not take '{value}' ({action.choices})"


def test_every_make_target_in_the_docs_exists():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([A-Za-z][\w-]*):", makefile, flags=re.M))
    variables = set(re.findall(r"^([A-Z][A-Z_]*)\s*[?:]?=", makefile, flags=re.M))
    for where, command in MAKE:
        for target in command.split()[1:]:
            if "=" in target:   # a variable set on the command line (make test TEST_WORKERS=1): one the Makefile reads
                name = target.split("=", 1)[0]
                assert name in variables, f"{where}: the Makefile has no variable '{name}'"
                continue
            assert target in targets, f"{where}: the Makefile has no target '{target}' ({', '.join(sorted(targets))})"


def test_the_check_catches_a_wrong_command():
    top, subs = _subparsers()
    assert "publish" not in subs and "--fast" not in _options(subs["render"])
    with pytest.raises(AssertionError, match="no option --fast"):
        test_every_vvv_command_in_the_docs_exists("planted", "vvv render --round midterm --fast")
    with pytest.raises(AssertionError, match="does not take 'latex'"):
        test_every_vvv_command_in_the_docs_exists("planted", "vvv render --round R --engine auto|latex")
    with pytest.raises(AssertionError, match="no subcommand 'publish'"):
        test_every_vvv_command_in_the_docs_exists("planted", "vvv publish --round R")
