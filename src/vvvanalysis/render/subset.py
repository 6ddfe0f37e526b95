"""The written-down subset of Quarto that report sources may use (docs/quarto-subset.md).

Both engines honour exactly this subset; anything else is refused with the file and line, so a chapter
can never render differently (or silently lose content) in one engine.
"""

from __future__ import annotations

import re
from pathlib import Path

from vvvanalysis.errors import ConfigError

SHORTCODES = {"include", "meta", "embed"}
CROSSREF_KINDS = {"fig", "tbl", "sec"}
CALLOUTS = {"callout-note", "callout-tip", "callout-important", "callout-warning", "callout-caution"}
DIV_CLASSES = CALLOUTS | {"unnumbered", "unlisted", "eksempeltekst"}   # eksempeltekst: vvvanalysis.example_texts
DIV_ATTRS = {"title"}
HEADER_CLASSES = {"unnumbered", "unlisted"}
REFS_DIV = "#refs"   # ::: {#refs}: the reference list of the cited sources

SHORTCODE = re.compile(r"\{\{<\s*([A-Za-z_-]+)\s*(.*?)\s*>\}\}")
CODE_CELL = re.compile(r"^\s*(```|~~~)\s*\{")
INLINE_CODE = re.compile(r"`\{?(r|python|julia|ojs)\}?\s[^`]*`")
DIV_OPEN = re.compile(r"^\s*:{3,}\s*\{(.*)\}\s*$")
DIV_OPEN_BARE = re.compile(r"^\s*:{3,}\s*[A-Za-z]")
HEADER = re.compile(r"^(#{1,6})\s+(.*)$")
HEADER_ATTRS = re.compile(r"\{([^{}<>]*)\}\s*$")
CROSSREF = re.compile(r"(?<![\w.@/])@([A-Za-z]+)-[\w-]+")
ATTR_TOKEN = re.compile(r'([#.]?[\w-]+)(?:=("[^"]*"|\S+))?')


def _fail(path: Path, line: int, what: str, hint: str) -> None:
    raise ConfigError(f"{what} is outside the supported Quarto subset", file=path, row=line,
                      hint=hint + " (see docs/quarto-subset.md)")


def _check_attrs(path: Path, line: int, attrs: str, classes: set[str], id_prefixes: tuple[str, ...]) -> None:
    for token, value in ATTR_TOKEN.findall(attrs):
        if token.startswith("#"):
            if not token[1:].startswith(id_prefixes):
                _fail(path, line, f"the id '{token}'", f"ids start with {', '.join(p + '-' for p in id_prefixes)}")
        elif token.startswith("."):
            if token[1:] not in classes:
                _fail(path, line, f"the class '{token}'", f"use one of {', '.join(sorted(classes))}")
        elif value or token not in DIV_ATTRS:
            if token not in DIV_ATTRS:
                _fail(path, line, f"the attribute '{token}'", f"use only {', '.join(sorted(DIV_ATTRS))}")


def check_source(path: Path, text: str) -> None:
    """Raise ConfigError at the first construct outside the subset."""
    if text.startswith("---"):
        _fail(path, 1, "YAML front matter in a chapter", "start the chapter with a level-1 heading instead")
    in_fence = False
    for number, line in enumerate(text.splitlines(), start=1):
        if CODE_CELL.match(line):
            _fail(path, number, "an executable code cell", "compute in a notebook and embed its labelled output")
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        for name, _args in SHORTCODE.findall(line):
            if name not in SHORTCODES:
                _fail(path, number, f"the shortcode '{name}'", "use include, meta or embed")
        if INLINE_CODE.search(line):
            _fail(path, number, "inline code execution", "put the number in data and use {{< meta v.KEY >}}")
        match = DIV_OPEN.match(line)
        if match and match.group(1).strip() == REFS_DIV:
            continue   # where citeproc (and Quarto) put the reference list
        if match:
            _check_attrs(path, number, match.group(1), DIV_CLASSES, ("fig", "tbl"))
        elif DIV_OPEN_BARE.match(line):
            _fail(path, number, "a bare div class", "write ::: {.callout-note title=\"…\"}")
        header = HEADER.match(line)
        if header:
            if SHORTCODE.search(line) and len(header.group(1)) == 1:
                _fail(path, number, "a shortcode in a chapter title", "keep shortcodes out of level-1 headings")
            attrs = HEADER_ATTRS.search(_strip_shortcodes(line))
            if attrs:
                _check_attrs(path, number, attrs.group(1), HEADER_CLASSES, ("sec",))
        for kind in CROSSREF.findall(_strip_shortcodes(line)):
            if kind not in CROSSREF_KINDS:
                _fail(path, number, f"the cross-reference kind '@{kind}-'", "reference @fig-, @tbl- or @sec- ids")


def _strip_shortcodes(line: str) -> str:
    return SHORTCODE.sub("", line)
