"""The one boundary where data become document: every string from data/ enters pandoc markdown as literal text.

Evaluators paste survey free text, quotes and lists made by other people into the round's data. Whatever such a
string holds (HTML, a `<script>`, markdown emphasis, `@name`, `$math$`, typst code, a shortcode), it must reach
HTML, PDF and DOCX as exactly those characters. Pandoc's markdown reads any backslash-escaped ASCII punctuation as
that character (`all_symbols_escapable`, on in pandoc and Quarto markdown), so escaping is writer-neutral: every
writer receives plain `Str` nodes and does its own escaping (HTML entities, typst escapes, DOCX text).

Markdown our own code writes (a bold label, a cross-reference, a code span) is wrapped in `Markup`, the only
type that passes the boundary unchanged; `Markup.format(...)` escapes its arguments. Output functions build
their blocks with the helpers here and hand them to the notebook with `display(...)`, which accepts nothing else.
"""

from __future__ import annotations

import re

# Characters with a meaning somewhere in pandoc/Quarto markdown (emphasis, links, raw HTML and entities, math,
# spans and attributes, shortcodes, citations and cross-references, sub/superscript, smart quotes and dashes,
# line blocks and table cells, div fences, headings). Backslash-escaped they are literal.
ESCAPED = frozenset("\\`*_{}[]()<>#+-!|~^@$&\"':=")
# A leading enumerator ('25.', 'a)', 'iv.') would start a list where the text lands at the start of a line.
LEADING_ENUMERATOR = re.compile(r"^([0-9]+|[A-Za-z]|[ivxlcdmIVXLCDM]+)([.)])(?=\s|$)")
# Spaces, tabs and line ends: one space (a line end inside a cell or a list item would end the block).
# NO-BREAK SPACE (U+00A0, Danish '26 %') and other Unicode spaces are kept: they are the data's characters.
BREAKING_SPACE = re.compile(r"[ \t\r\n\f\v]+")


class Markup(str):
    """Markdown written by this package's code (never by data): passes the boundary unchanged."""

    def format(self, *args, **kwargs) -> "Markup":
        return Markup(super().format(*(text(a) for a in args), **{k: text(v) for k, v in kwargs.items()}))

    def join(self, parts) -> "Markup":
        return Markup(super().join(text(p) for p in parts))

    def __add__(self, other) -> "Markup":
        return Markup(str.__add__(self, text(other)))

    def __radd__(self, other) -> "Markup":
        return Markup(str.__add__(text(other), self))


def text(value) -> str:
    """Any value as pandoc markdown that reads back as exactly its characters (Markup passes unchanged).

    None and NaN are empty (a missing cell)."""
    if isinstance(value, Markup):
        return str(value)
    if value is None or (isinstance(value, float) and value != value):
        return ""
    raw = BREAKING_SPACE.sub(" ", str(value)).strip()
    out = "".join("\\" + ch if ch in ESCAPED else ch for ch in raw)
    # '...' would become an ellipsis with pandoc's smart extension: the data's dots stay dots.
    out = re.sub(r"(?<=\.)\.", r"\\.", out)
    match = LEADING_ENUMERATOR.match(out)
    if match:
        out = f"{match.group(1)}\\{match.group(2)}{out[match.end():]}"
    return out


def plain(markdown: str) -> str:
    """The characters escaped markdown stands for (for reading an output back, e.g. in tests)."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", str(markdown))


def strong(value) -> Markup:
    return Markup("**{}**").format(value)


def emphasis(value) -> Markup:
    return Markup("*{}*").format(value)


def code(value) -> Markup:
    """A code span: the value verbatim between enough backticks (nothing inside a code span is markup)."""
    raw = BREAKING_SPACE.sub(" ", str(value)).strip()
    ticks = "`" * (max((len(m) for m in re.findall(r"`+", raw)), default=0) + 1)
    pad = " " if raw.startswith("`") or raw.endswith("`") else ""
    return Markup(f"{ticks}{pad}{raw}{pad}{ticks}")


def crossref(identifier: str) -> Markup:
    """A cross-reference our code decides on ('sec-rustede' -> @sec-rustede)."""
    if not re.fullmatch(r"(sec|fig|tbl)-[\w-]+", identifier):
        raise ValueError(f"not a cross-reference id: {identifier!r}")
    return Markup(f"@{identifier}")


def bullets(items) -> Markup:
    """A bullet list, one literal item per entry."""
    return Markup("".join(f"- {text(item)}\n" for item in items))


def blockquote(quoted, attribution=None) -> Markup:
    """A block quote of literal text, with an optional '— who' line."""
    lines = [f"> {text(quoted)}"]
    if attribution is not None:
        lines += [">", f"> — {text(attribution)}"]
    return Markup("\n".join(lines) + "\n")


def paragraph(value) -> Markup:
    return Markup(text(value) + "\n")


def blocks(*parts) -> Markup:
    """Blocks separated by blank lines (each part literal unless it is Markup)."""
    return Markup("\n\n".join(text(p).rstrip("\n") for p in parts if p is not None) + "\n")


def display(markup: Markup):
    """The only way an output function hands markdown to a notebook: refuses anything that is not Markup, so a
    data string can never reach the document without passing `text`."""
    from IPython.display import Markdown

    if not isinstance(markup, Markup):
        raise TypeError("output markdown must be built with vvvanalysis.literal (got a plain str)")
    return Markdown(str(markup))
