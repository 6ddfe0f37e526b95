"""Expands the three supported shortcodes (include, meta, embed) the way Quarto does.

- include: the file's text, recursively, path relative to the including file
- meta:    a scalar from the merged document metadata (dotted keys), e.g. {{< meta v.match_deltagere >}}
- embed:   the stored outputs of one labelled notebook cell (no execution), path#label
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from vvvanalysis.errors import ConfigError, RenderError
from vvvanalysis.render.subset import SHORTCODE, check_source

OPTION = re.compile(r"^#\|\s*([\w-]+)\s*:\s*(.*?)\s*$")


@dataclass
class Expander:
    metadata: dict
    resolve_notebook: Callable[[Path], Path]   # source path in report/ -> executed notebook
    media_dir: Path
    resolve_include: Callable[[Path], Path] = lambda p: p
    media_prefix: str = "media"
    embedded: list[str] = field(default_factory=list)
    _notebooks: dict = field(default_factory=dict)
    _chapter: Path | None = None
    anchors: dict[Path, int] | None = None   # chapter -> its number in the book: paragraph anchors (trace.anchors)
    sourced: set[str] = field(default_factory=set)   # the v. keys with data rows (the source map's `tal`)

    def expand_file(self, path: Path, depth: int = 0) -> str:
        if depth > 5:
            raise ConfigError("includes are nested more than 5 deep", file=path,
                              hint="include the file from its chapter directly (an include may include itself)")
        from vvvanalysis.data.readers import read_prose

        text = read_prose(path)   # a regular UTF-8 file inside the project (no include of /etc/…, no FIFO)
        check_source(path, text)
        if depth == 0:
            self._chapter = path   # included text behaves as if written in its chapter (as in Quarto)
        out = []
        starts = set()
        if depth == 0 and self.anchors and path in self.anchors:
            from vvvanalysis.trace.anchors import paragraph_starts

            starts = paragraph_starts(text)
        for number, line in enumerate(text.splitlines(), start=1):
            expanded = SHORTCODE.sub(lambda m: self._expand(path, number, m.group(1), m.group(2), depth), line)
            if number in starts:   # where the paragraph was written: a DOCX bookmark for `vvv comments`
                from vvvanalysis.trace.anchors import paragraph_anchor

                expanded = paragraph_anchor(self.anchors[path], number) + expanded
            out.append(expanded)
        return "\n".join(out) + "\n"

    def _expand(self, path: Path, line: int, name: str, args: str, depth: int) -> str:
        if name == "include":
            return self.expand_file(self.resolve_include((path.parent / args.strip()).resolve()), depth + 1)
        if name == "meta":
            key = args.strip()
            value = self._meta(path, line, key)
            # A number from data carries its key to report/_filters/kilde.lua (data-kilde in HTML, nothing else).
            if key.startswith("v.") and key[2:] in self.sourced:
                return f'[{value}]{{.kilde key="{key[2:]}"}}'
            return value
        if name == "embed":
            return self._embed(path, line, args.strip())
        raise ConfigError(f"unknown shortcode '{name}'", file=path, row=line, hint="use include, meta or embed")

    def _meta(self, path: Path, line: int, key: str) -> str:
        value = self.metadata
        for part in key.split("."):
            if not isinstance(value, dict) or part not in value:
                raise ConfigError(f"metadata key '{key}' does not exist", file=path, row=line,
                                  hint="add it to vvvanalysis.report_values or fix the key")
            value = value[part]
        if isinstance(value, (dict, list)):
            raise ConfigError(f"metadata key '{key}' is not a single value", file=path, row=line,
                              hint="name one value below it, e.g. v.KEY")
        return str(value)

    def _embed(self, path: Path, line: int, target: str) -> str:
        if "#" not in target:
            raise ConfigError(f"embed '{target}' names no cell", file=path, row=line, expected="notebook.ipynb#label")
        rel, label = target.split("#", 1)
        # Relative to the chapter, not to an included file (as in Quarto): a shared unit included from
        # report/_shared/ embeds outputs with the same paths as the chapter itself.
        source = (self._chapter.parent / rel).resolve()
        notebook = self.resolve_notebook(source)
        cell = self._find_cell(notebook, label, path, line)
        self.embedded.append(f"{notebook.name}#{label}")
        return self._render_outputs(cell, label, notebook, path, line)

    def _find_cell(self, notebook: Path, label: str, path: Path, line: int) -> dict:
        if notebook not in self._notebooks:
            try:
                self._notebooks[notebook] = json.loads(notebook.read_text(encoding="utf-8"))
            except FileNotFoundError:
                raise RenderError(f"executed notebook {notebook.name} is missing", file=path, row=line,
                                  hint="correct the embed path: _executed/NAME.ipynb#label, NAME a notebook in notebooks/") from None
        for cell in self._notebooks[notebook]["cells"]:
            if cell.get("cell_type") == "code" and cell_options(cell).get("label") == label:
                return cell
        raise ConfigError(f"no cell labelled '{label}' in {notebook.name}", file=path, row=line,
                          hint=f"add '#| label: {label}' to the cell in notebooks/{notebook.name}")

    def _render_outputs(self, cell: dict, label: str, notebook: Path, path: Path, line: int) -> str:
        options = cell_options(cell)
        if "fig-alt" in options:
            options["fig-alt"] = self._alt_text(options["fig-alt"], path, line)
        parts = []
        phone = phone_svg(cell)
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                raise RenderError(f"cell '{label}' in {notebook.name} stored an error: {output.get('ename')}",
                                  file=notebook, hint="run 'vvv render --force' to execute the notebook again")
            data = output.get("data", {})
            if "image/svg+xml" in data or "image/png" in data:
                parts.append(self._image(data, label, options, phone))
            elif "text/markdown" in data:
                parts.append(_joined(data["text/markdown"]))
        if not parts:
            raise RenderError(f"cell '{label}' in {notebook.name} has no image or markdown output to embed",
                              file=notebook, hint="display a figure or IPython.display.Markdown in that cell")
        return "\n\n".join(parts)

    def _alt_text(self, alt: str, path: Path, line: int) -> str:
        """A cell's fig-alt may name the round's own text ({{< meta v.alt_… >}}, as Quarto expands it too):
        the value's characters, not its escaped markdown (an attribute is not read as markdown)."""
        from vvvanalysis.literal import plain

        def meta(match):
            if match.group(1) != "meta":
                raise ConfigError(f"fig-alt holds a '{match.group(1)}' shortcode", file=path, row=line,
                                  expected="plain text or {{< meta KEY >}}")
            return plain(self._meta(path, line, match.group(2).strip()))

        return SHORTCODE.sub(meta, alt)

    def _image(self, data: dict, label: str, options: dict, phone: str | None = None) -> str:
        """One figure: the SVG (vector, text as text) for HTML and PDF, and the PNG beside it, which the
        DOCX writer takes instead (report/_filters/docx.lua). Markdown names the SVG when there is one.
        A figure with a phone variant (style.PHONE_MIME) gets it as <label>-phone.svg, named in the image's
        attribute vvv-phone: report/_filters/html.lua shows it on a phone; no other format uses it."""
        self.media_dir.mkdir(parents=True, exist_ok=True)
        if "image/png" in data:
            (self.media_dir / f"{label}.png").write_bytes(base64.b64decode(_joined(data["image/png"])))
        name = f"{label}.png"
        if "image/svg+xml" in data:
            name = f"{label}.svg"
            svg = reproducible_svg(_joined(data["image/svg+xml"]))
            (self.media_dir / name).write_text(self._svg_sources(svg, label), encoding="utf-8")
        alt = options.get("fig-alt", "").replace('"', "'")
        extra = ""
        if phone is not None:
            (self.media_dir / phone_name(label)).write_text(self._svg_sources(phone, label), encoding="utf-8")
            extra = f' vvv-phone="{self.media_prefix}/{phone_name(label)}"'
        return f'![]({self.media_prefix}/{name}){{fig-alt="{alt}"{extra}}}'


    def _svg_sources(self, svg: str, label: str) -> str:
        """The figure's number labels say where they come from (trace.exhibits; Quarto's stage does the same)."""
        from vvvanalysis.paths import project_root
        from vvvanalysis.trace.exhibits import svg_with_sources

        if self._chapter is None:
            return svg
        return svg_with_sources(svg, label, self._chapter.parent.name, project_root())


SVG_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.S)


def reproducible_svg(svg: str) -> str:
    """Matplotlib's SVG without its <metadata> block (creation date and library version): identical bytes
    for identical figures, whenever and wherever the notebook ran."""
    return SVG_METADATA.sub("", svg, count=1)


def phone_name(label: str) -> str:
    """The file of a figure's phone variant (both engines: media/ here, report/<round>/_generated/ for Quarto)."""
    return f"{label}-phone.svg"


def phone_svg(cell: dict) -> str | None:
    """The phone variant a figure cell displayed (style.PHONE_MIME), reproducible as the figure; None without."""
    from vvvanalysis.marks import PHONE_MIME

    for output in cell.get("outputs", []):
        if PHONE_MIME in output.get("data", {}):
            return reproducible_svg(_joined(output["data"][PHONE_MIME]))
    return None


def _joined(value) -> str:
    return "".join(value) if isinstance(value, list) else value


def cell_options(cell: dict) -> dict:
    """Quarto cell options: the leading '#| key: value' lines of a code cell."""
    options = {}
    for line in _joined(cell.get("source", "")).splitlines():
        match = OPTION.match(line)
        if not match:
            if line.strip():
                break
            continue
        options[match.group(1)] = match.group(2).strip().strip('"')
    return options
