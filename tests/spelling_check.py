"""Danish spelling check over the report's own text (both rounds): the chapter sources and the data texts
the chapters print (recommendations, quotes, context, criteria). hunspell with Debian's da_DK dictionary
(hunspell-da) plus the project's reviewed word list tests/spelling/ordliste.txt (names and domain terms,
each once). Used by tests/test_spelling.py; run directly to list unknown words:

    .venv/bin/python tests/spelling_check.py
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
WORDLIST = ROOT / "tests" / "spelling" / "ordliste.txt"
DICTIONARY = Path("/usr/share/hunspell/da_DK.dic")
# data texts a chapter prints (YAML strings); CSV labels are short and checked through their tables' tests
DATA_TEXTS = ("anbefalinger", "citater", "kontekst", "organisation", "succeskriterier", "forandringsteori",
              "datanoter")

# Markup that is not prose: shortcodes, cross-references, attributes, citations, fenced divs, comments, URLs.
_STRIP = [re.compile(p, re.S) for p in (
    r"<!--.*?-->", r"\]\([^)]*\)", r"\{\{<.*?>\}\}", r"\{[#.][^}]*\}", r"\[@[^\]]*\]", r"@[\w-]+", r"^:::.*$",
    r"https?://\S+", r"`[^`]*`", r"^#\|.*$", r"\\[a-z]+")]
_LETTERS = "A-Za-zÆØÅæøåÉéÜüÖöÄä"
# a word, its abbreviation dot if any; a part before '- ' ('børne- og ungeforvaltningen') is not a word
_WORD = re.compile(rf"(?<![{_LETTERS}.])([{_LETTERS}]+(?:\.[{_LETTERS}]+)*)(\.?)(?!-\s)(?![{_LETTERS}])")
# A slip the edition keeps as printed is marked '[sic]'; the word before the mark is not checked.
_SIC = re.compile(r"\S+ \[sic\]")


def available() -> bool:
    return shutil.which("hunspell") is not None and DICTIONARY.exists()


VERBATIM_ONLY = "# Kun i ordrette gengivelser"


def wordlist(section: str | None = None) -> set[str]:
    """The reviewed words; with section=VERBATIM_ONLY only the words allowed in the memo's own wording."""
    words, current = set(), None
    for line in WORDLIST.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("#"):
            current = line
            continue
        if line and (section is None or current.startswith(section)):
            words.add(line)
    return words


def _prose(line: str) -> str:
    line = _SIC.sub(" ", line)
    for pattern in _STRIP:
        line = pattern.sub(" ", line)
    return line


def _yaml_strings(node) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            if key not in ("id", "source", "section", "memo_ref", "role", "theme", "box"):
                yield from _yaml_strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _yaml_strings(value)


def text_lines(rounds=("midterm", "final")) -> Iterator[tuple[str, int, str]]:
    """(place, line number, prose) for every line of prose the check reads."""
    for round_name in rounds:
        for path in sorted((ROOT / "report" / round_name).glob("*.qmd")):
            in_yaml = False
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if line.strip() == "---":
                    in_yaml = not in_yaml if number == 1 or in_yaml else in_yaml
                    continue
                if not in_yaml:
                    yield f"report/{round_name}/{path.name}", number, _prose(line)
        chapters = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "report" / round_name).glob("*.qmd"))
        for name in DATA_TEXTS:
            path = ROOT / "data" / round_name / f"{name}.yaml"
            if not path.exists() or (name == "datanoter" and "tekst-datanoter" not in chapters):
                continue   # the midterm prints its data notes as Bilag A's prose, not from the file
            for i, text in enumerate(_yaml_strings(yaml.safe_load(path.read_text(encoding="utf-8")))):
                yield f"data/{round_name}/{name}.yaml", i + 1, _SIC.sub(" ", text)


def words_of(text: str) -> list[tuple[str, str]]:
    """(word, word with its dot) for each word: 'ca.' is known as an abbreviation, 'ca' alone is not (hunspell
    knows the Danish abbreviations with their dots and accepts a dot after any word)."""
    return [(m.group(1), m.group(1) + m.group(2)) for m in _WORD.finditer(text)]


def allowed_by_list(word: str, dotted: str, allowed: set[str]) -> bool:
    """In the word list as written, with its abbreviation dot, sentence-initial, or as a name's genitive."""
    candidates = {word, dotted, word[:1].lower() + word[1:]}
    if word.endswith("s"):
        candidates.add(word[:-1])   # DRCs, VVVs: the genitive of a listed name
    return bool(candidates & allowed)


def unknown_words(lines, allowed: set[str]) -> dict[str, tuple[str, int]]:
    """Each word hunspell does not know and the word list does not allow, with its first place."""
    first: dict[str, tuple[str, int]] = {}
    for place, number, text in lines:
        for word, dotted in words_of(text):
            if word.isupper() and len(word) == 1:
                continue   # a single capital: a list letter or an initial
            if not allowed_by_list(word, dotted, allowed) and dotted not in first:
                first[dotted] = (place, number)
    if not first:
        return {}
    result = subprocess.run(["hunspell", "-d", "da_DK", "-l"], input="\n".join(first), capture_output=True,
                            text=True, check=True)
    flagged = set(result.stdout.split())
    return {w: first[w] for w in first if w in flagged}



if __name__ == "__main__":
    found = unknown_words(list(text_lines()), wordlist())
    for word, (place, number) in sorted(found.items(), key=lambda kv: kv[1]):
        print(f"{place}:{number}: {word}")
    print(len(found), "unknown words")
