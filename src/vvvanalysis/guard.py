"""Render-time guard on the built HTML: it loads nothing from the network and runs no script but the project's own.

The report is read offline by reviewers, and its sources include text other people wrote. Data strings are
literal text (vvvanalysis.literal), but a prose file may still hold raw HTML. The built HTML is checked before
anything is published; a failure names the source file and line that holds the offending text (found by the
URL or tag it contains), so `output/` keeps the last good report.
"""

from __future__ import annotations

import hashlib
import html as htmllib
import re
from importlib import resources
from pathlib import Path

from vvvanalysis.errors import RenderError

REMOTE = r"(?:[a-z][a-z0-9+.-]*:)?//[^\"'\s>)]+"
# A resource attribute of any tag but <a> (links a reader may follow are allowed) pointing off the machine.
RESOURCE_ATTR = re.compile(r"""<(?!a\b)(\w+)\b[^>]*?\b(src|href|poster|data|action|formaction|background|xlink:href)"""
                           r"""\s*=\s*["']?\s*(""" + REMOTE + ")", re.I)
SRCSET = re.compile(r"""\b(?:srcset|imagesrcset)\s*=\s*["']([^"']*)["']""", re.I)
CSS_URL = re.compile(r"""url\(\s*["']?\s*(""" + REMOTE + ")", re.I)
CSS_IMPORT = re.compile(r"""@import\s+(?:url\()?\s*["']?\s*(""" + REMOTE + ")", re.I)
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.I | re.S)
EMBEDDING_TAG = re.compile(r"<(iframe|frame|object|embed|applet|base|portal)\b[^>]*>", re.I)
META_REFRESH = re.compile(r"<meta\b[^>]*http-equiv\s*=\s*[\"']?refresh[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<\w+\b[^>]*?\s(on[a-z]+)\s*=", re.I)
SCRIPT_URL = re.compile(r"""\b(?:href|src|action|formaction|xlink:href)\s*=\s*["']?\s*(javascript|vbscript):""", re.I)


def own_scripts() -> set[str]:
    """SHA-256 of every script the project ships (render/assets/*.js, and the inline scripts of its HTML
    template render/assets/report.html): the only scripts the HTML may carry."""
    assets = Path(str(resources.files("vvvanalysis.render") / "assets"))
    bodies = [p.read_bytes().strip() for p in assets.glob("*.js")]
    from vvvanalysis.paths import project_root   # the project's own filters' scripts (report/_filters/kilde.js)

    bodies += [p.read_bytes().strip() for p in (project_root() / "report" / "_filters").glob("*.js")]
    for template in assets.glob("*.html"):
        bodies += [m.group(2).strip().encode() for m in SCRIPT.finditer(template.read_text(encoding="utf-8"))
                   if not m.group(1).strip()]
    return {hashlib.sha256(body).hexdigest() for body in bodies}


def problems(markup: str, *, allow_local_scripts: bool = False) -> list[tuple[str, str]]:
    """(what, the offending snippet) for everything the HTML must not hold."""
    found: list[tuple[str, str]] = []
    for pattern, what in ((RESOURCE_ATTR, "a network load"), (CSS_URL, "a network load in CSS"),
                          (CSS_IMPORT, "a CSS @import from the network")):
        found += [(what, m.group(0)) for m in pattern.finditer(markup)]
    found += [("a network load in a srcset", m.group(0)) for m in SRCSET.finditer(markup)
              if any(re.match(REMOTE, c.strip(), re.I) for c in m.group(1).split(","))]
    allowed = own_scripts()
    for m in SCRIPT.finditer(markup):
        attrs, body = m.group(1), m.group(2)
        local_src = re.search(r"\bsrc\s*=", attrs) and not re.search(r"\bsrc\s*=\s*[\"']?\s*" + REMOTE, attrs, re.I)
        if allow_local_scripts and (local_src or not re.search(r"\bsrc\s*=", attrs)):
            # the Quarto engine's own site libraries and its inline set-up scripts (search options, theme);
            # a script written into the sources themselves is refused there instead (check_html)
            continue
        if hashlib.sha256(body.strip().encode()).hexdigest() not in allowed or attrs.strip():
            found.append(("a script that is not the project's own", m.group(0)[:200]))
    found += [("an embedded frame or object", m.group(0)) for m in EMBEDDING_TAG.finditer(markup)]
    found += [("a redirect", m.group(0)) for m in META_REFRESH.finditer(markup)]
    if not allow_local_scripts:
        found += [(f"a script in an '{m.group(1)}' attribute", m.group(0)[:200]) for m in EVENT_HANDLER.finditer(markup)]
    found += [("a javascript: link", m.group(0)) for m in SCRIPT_URL.finditer(markup)]
    return found


def _needle(snippet: str) -> str:
    """A distinctive piece of the offending snippet to find in the sources: its URL, else its tag."""
    url = re.search(REMOTE, snippet)
    if url:
        return url.group(0).split("//", 1)[1][:60]
    attr = re.search(r"\s(on[a-z]+)\s*=", snippet, re.I)
    if attr:
        return attr.group(1)
    tag = re.match(r"<\s*(\w+)", snippet)
    return f"<{tag.group(1)}" if tag else snippet[:30]


def first_line(sources: list[Path], matches) -> tuple[Path | None, int | None, str]:
    """File, line number and text of the first source line for which matches(line) is true."""
    for path in sources:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        for number, line in enumerate(lines, start=1):
            if matches(line):
                return path, number, line
    return None, None, ""


def locate(needle: str, sources: list[Path]) -> tuple[Path | None, int | None]:
    wanted = needle.casefold()
    path, number, _ = first_line(sources, lambda line: wanted in htmllib.unescape(line).casefold())
    return path, number


# A markdown image from the network (![…](https://…)): pandoc makes it an <img src>, which check_html refuses.
MARKDOWN_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?(" + REMOTE + ")", re.I)
CODE = re.compile(r"^(```|~~~).*?^\1[^\n]*$|`[^`\n]+`", re.M | re.S)


def check_sources(sources: list[Path]) -> None:
    """check_html's refusals, in the report's own sources before either engine renders: an evaluator hears of a
    script or a remote image in a chapter at once, not after a whole render (check_html still reads what the
    engines wrote). Code spans and fenced blocks are left out: pandoc prints them as text."""
    for source in sources:
        try:
            text = source.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue   # the render names an unreadable source itself
        prose = CODE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
        found = problems(prose) + [("a network load", m.group(0)) for m in MARKDOWN_IMAGE.finditer(prose)]
        if found:
            what, snippet = found[0]
            file, row = locate(_needle(snippet), [source])
            _refuse(what, snippet, file or source, row)


def _refuse(what: str, snippet: str, file: Path, row: int | None) -> None:
    shown = " ".join(snippet.split())[:90]
    raise RenderError(f"the HTML would contain {what}: {shown}", file=file, row=row,
                      expected="a report that loads nothing from the network and runs no foreign script",
                      hint="remove the raw HTML (or the remote URL) from the source; put images into the "
                           "project and reference them by a relative path")


def check_html(path: Path, sources: list[Path], *, allow_local_scripts: bool = False) -> None:
    """Raise RenderError naming the source file and line of the first problem of one built HTML file (or of
    every .html file of a Quarto website folder)."""
    files = sorted(path.rglob("*.html")) if path.is_dir() else [path]
    if allow_local_scripts:   # Quarto writes inline scripts of its own, so a script is looked for in the sources
        source, number, line = first_line(sources, lambda text: re.search(r"<script\b", text, re.I))
        if source is not None:
            raise RenderError(f"the HTML would contain a script that is not the project's own: "
                              f"{' '.join(line.split())[:90]}", file=source, row=number,
                              expected="a report that runs no script from its sources",
                              hint="remove the raw HTML <script> from the chapter")
    for html_file in files:
        found = problems(html_file.read_text(encoding="utf-8", errors="replace"),
                         allow_local_scripts=allow_local_scripts)
        if not found:
            continue
        what, snippet = found[0]
        file, row = locate(_needle(snippet), sources)
        _refuse(what, snippet, file or html_file, row)
