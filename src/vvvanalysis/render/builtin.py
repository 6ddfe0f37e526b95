"""Built-in engine: the Quarto book rendered with pandoc (Lua filter for the Quarto subset) and typst.

Everything comes from PyPI wheels (pypandoc_binary, typst), so it runs wherever Python runs.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from importlib import resources
from pathlib import Path


from vvvanalysis.errors import ConfigError, RenderError
from vvvanalysis.render.pandoc import pandoc_path, pandoc_version
from vvvanalysis.render.project import Project
from vvvanalysis.render.shortcodes import Expander

ASSETS = resources.files("vvvanalysis.render") / "assets"
APPENDIX_MARKER = "\n\n<!-- vvv:appendices -->\n\n"
READER = "markdown-implicit_figures"


def typst_version() -> str:
    from importlib.metadata import version

    return version("typst")


def assemble(project: Project, executed_dir: Path, work: Path, metadata: dict) -> tuple[Path, Path, list[str]]:
    """Expand every chapter into one pandoc markdown file plus a metadata file; returns paths and embeds."""
    chapters = project.round_dir.resolve()
    # Chapters name round outputs by the fixed paths Quarto sees (report/<round>/_executed/, _generated/);
    # here they map straight to the round's build folder, so no staging is needed.
    staged = {chapters / "_executed": executed_dir, chapters / "_generated": executed_dir.parent / "generated"}

    def staged_path(source: Path) -> Path | None:
        for prefix, target in staged.items():
            if source.is_relative_to(prefix):
                return target / source.relative_to(prefix)
        return None

    def resolve(source: Path) -> Path:
        target = staged_path(source)
        if target is None:
            raise RenderError(f"embed path {source} is not under report/{project.profile}/_executed/",
                              hint="embed executed notebooks as _executed/NAME.ipynb#label from a chapter in "
                                   f"report/{project.profile}/")
        return target

    def resolve_include(source: Path) -> Path:
        return staged_path(source) or source

    from vvvanalysis.trace.anchors import chapter_numbers

    expander = Expander(metadata=metadata, resolve_notebook=resolve, media_dir=work / "media",
                        resolve_include=resolve_include,
                        anchors=chapter_numbers(project), sourced=set(read_source_map(executed_dir).get("tal", {})))
    parts = [expander.expand_file(chapter) for chapter in project.chapters]
    if project.appendices:
        parts.append(APPENDIX_MARKER)
        parts.extend(expander.expand_file(chapter) for chapter in project.appendices)
    doc = work / "report.md"
    doc.write_text("\n\n".join(parts), encoding="utf-8")
    meta_file = work / "metadata.yml"
    from vvvanalysis.report_values import SOURCE_MAP_KEY, metadata_yaml   # metadata_yaml: a column 'n' stays 'n'

    meta = pandoc_metadata(project, metadata, work)
    if SOURCE_MAP_KEY in meta:   # the build's own copy (Quarto reads the one staged beside the chapters)
        meta[SOURCE_MAP_KEY] = os.path.relpath(source_map_path(executed_dir), work)
    meta_file.write_text(metadata_yaml(meta), encoding="utf-8")
    return doc, meta_file, expander.embedded


def source_map_path(executed_dir: Path) -> Path:
    """The round's source map in the build (Quarto reads the copy staged beside the chapters)."""
    from vvvanalysis.report_values import source_map_file

    return source_map_file(executed_dir.parent)


def read_source_map(executed_dir: Path) -> dict:
    path = source_map_path(executed_dir)
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def pandoc_metadata(project: Project, metadata: dict, work: Path) -> dict:
    """The metadata pandoc reads in `work`. Paths in it are relative to `work`, so a copy of the project in
    another folder gives the same file (the render's cache key) and re-uses its render."""
    lang = project.language
    words = {
        "fig": lang.get("crossref-fig-title", "Figur"),
        "tbl": lang.get("crossref-tbl-title", "Tabel"),
        "sec": lang.get("crossref-sec-prefix", "afsnit"),
        "ch": lang.get("crossref-ch-prefix", "Kapitel"),
        "apx": lang.get("crossref-apx-prefix", "Bilag"),
    }
    meta = {k: v for k, v in metadata.items() if not isinstance(v, dict) or k == "round"}
    meta["vvv-words"] = words
    meta["toc-depth"] = int(project.config.get("toc-depth", 2))
    meta["number-depth"] = int(project.config.get("number-depth", 3))
    meta.pop("number-sections", None)   # numbers come from the Lua filter, identical in every format
    # Bibliography paths are relative to the project (as Quarto reads them); pandoc runs in the build folder.
    def from_work(path: str) -> str:
        return os.path.relpath((project.root / path).resolve(), work.resolve())

    bib = meta.get("bibliography")
    if bib:
        meta["bibliography"] = [from_work(b) for b in ([bib] if isinstance(bib, str) else bib)]
    if isinstance(meta.get("csl"), str):
        meta["csl"] = from_work(meta["csl"])
    meta.pop("toc", None)
    return meta


def locate(project: Project, pattern: str) -> tuple[Path | None, int | None]:
    """File and line of the first report source line matching `pattern` (the round's book in reading order,
    then any other .qmd under report/)."""
    regex = re.compile(pattern)
    sources = project.sources()
    sources += [p for p in sorted((project.root / "report").rglob("*.qmd")) if p not in sources]
    for path in sources:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError:
            continue
        for number, line in enumerate(lines, start=1):
            if regex.search(line):
                return path, number
    return None, None


def shared_filters(project: Project) -> list[Path]:
    """The format filters both engines run: _quarto.yml's (and the profile's) `filters:` list, in order, without
    Quarto's own `quarto` entry. Quarto runs them itself; here they follow the emulation in pass 2."""
    out = []
    for entry in project.config.get("filters", []) or []:
        path = entry.get("path") if isinstance(entry, dict) else entry
        if not path or path == "quarto":
            continue
        file = project.root / path
        if not file.is_file():
            raise ConfigError("names a filter that does not exist", file=project.root / "_quarto.yml",
                              expected=f"a Lua file at {path}", hint="fix the path under filters: or add the file")
        out.append(file)
    return out


def typst_includes(project: Project) -> list[Path]:
    """The typst header files both engines include (_quarto.yml, format: typst: include-in-header)."""
    typst = (project.config.get("format", {}) or {}).get("typst", {}) or {}
    entries = typst.get("include-in-header", []) if isinstance(typst, dict) else []
    return [project.root / (e.get("file") if isinstance(e, dict) else e)
            for e in ([entries] if isinstance(entries, (str, dict)) else entries)]


def html_styles(project: Project) -> list[Path]:
    """The house stylesheets both engines load (_quarto.yml, format: html: css)."""
    html = (project.config.get("format", {}) or {}).get("html", {}) or {}
    entries = html.get("css", []) if isinstance(html, dict) else []
    return [project.root / e for e in ([entries] if isinstance(entries, str) else entries)]


def _run_pandoc(project: Project, args: list[str], cwd: Path, epoch: int) -> None:
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(epoch))
    proc = subprocess.run([pandoc_path(), *args], cwd=cwd, capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        unresolved = [line.split(":", 1)[1].strip() for line in proc.stderr.splitlines()
                      if line.startswith("VVV-UNRESOLVED:")]
        if unresolved:
            file, row = locate(project, "@" + re.escape(unresolved[0]) + r"(?![\w-])")
            raise RenderError(f"unresolved cross-reference(s): {', '.join('@' + u for u in unresolved)}",
                              file=file, row=row, expected="an id that exists in the report",
                              hint="give the target the id (e.g. {#sec-…} on a heading or ::: {#fig-…}) "
                                   "or fix the @reference")
        errors = [line.split(":", 1)[1].strip() for line in proc.stderr.splitlines() if line.startswith("VVV-ERROR:")]
        if errors:
            div = re.search(r"#((?:fig|tbl)-[\w-]+)", errors[0])
            file, row = locate(project, r"\{#" + re.escape(div.group(1)) + r"(?![\w-])") if div else (None, None)
            raise RenderError(f"pandoc failed: {errors[0]}", file=file, row=row,
                              hint="a ::: {#fig-…} div holds an embed and ends with its caption; a ::: {#tbl-…} "
                                   "div holds a table embed and ends with its caption (see docs/quarto-subset.md)")
        message = proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "unknown error"
        at = re.search(r"line (\d+)", proc.stderr)
        file, row = _source_of(project, cwd / args[0], int(at.group(1)) if at else None)
        raise RenderError(f"pandoc failed: {message}", file=file, row=row,
                          hint="fix the text at the line named (the source that produced it)")


def _source_of(project: Project, generated: Path, row: int | None) -> tuple[Path | None, int | None]:
    """The source file and line behind a line of a generated file (never the generated file itself)."""
    from vvvanalysis.sourcemap import line_of, locate_text

    data = sorted(p for p in (project.root / "data" / project.profile).glob("*") if p.is_file())
    return locate_text(line_of(generated, row), [*project.sources(), *data])


def render(project: Project, executed_dir: Path, work: Path, formats: list[str], basename: str,
           epoch: int, force: bool = False) -> tuple[dict[str, Path], list[str]]:
    """Render into `work`; returns {format: file} and the list of embedded notebook cells.

    Skips pandoc and typst when the assembled document, its metadata, media and the engine's assets
    are byte-identical to the last successful render of the same formats (a no-op re-render).
    """
    from vvvanalysis.pipeline.cache import Stamp, files_key

    work.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(work / "media", ignore_errors=True)
    metadata = project.metadata()    # read once: the chapters' meta values and the example-data flag
    doc, meta_file, embedded = assemble(project, executed_dir, work, metadata)
    media = sorted((work / "media").glob("*")) if (work / "media").is_dir() else []
    filters, includes, styles = shared_filters(project), typst_includes(project), html_styles(project)
    assets = [*sorted(p for p in Path(str(ASSETS)).iterdir() if p.is_file()), *filters, *includes, *styles]
    # what the filters read beside themselves (kilde-common.lua, kilde.js, kilde.css)
    assets += sorted({p for f in filters for p in f.parent.iterdir() if p.is_file()} - set(filters))
    assets += [p for p in [executed_dir.parent / "generated" / "kolofon.txt"] if p.is_file()]   # attached to the PDF
    assets += [p for p in [source_map_path(executed_dir)] if p.is_file()]   # what kilde*.lua print beside numbers
    # The DOCX reference document is the staged one (one writer, one file); its bytes are part of the key.
    reference = None
    if "docx" in formats:
        from vvvanalysis.render.docx_reference import ensure_reference

        reference, _ = ensure_reference(project, pandoc_path(), metadata)
    key = files_key([doc, meta_file, *media, *assets, *([reference] if reference else [])], ",".join(sorted(formats)),
                    str(epoch), pandoc_version(), typst_version())
    stamp = Stamp(work / f"{basename}.stamp")
    expected = {fmt: work / f"{basename}.{fmt}" for fmt in formats}
    if not force and stamp.matches(key) and all(p.exists() for p in expected.values()):
        return expected, embedded
    stamp.clear()
    # Pass 1, once: markdown -> AST with numbers and cross-references resolved (the slow markdown read),
    # then citations and the reference list by citeproc (after the filter, so @fig-/@tbl-/@sec- are links
    # by then); every writer gets the formatted citations, none needs its own bibliography support.
    ast = work / "report.json"
    _run_pandoc(project, [doc.name, "-f", READER, "--metadata-file", meta_file.name, "--lua-filter",
                          str(ASSETS / "quarto-subset.lua"), "--citeproc", "-t", "json", "-o", ast.name],
                work, epoch)
    # citeproc has used them: the bibliography and style are build paths, which the DOCX writer would keep as
    # document properties (a reader's file would name this machine's folders, and no two checkouts agree).
    tree = json.loads(ast.read_text(encoding="utf-8"))
    for name in ("bibliography", "csl"):   # (not `key`: that is the cache key the stamp is written with)
        tree["meta"].pop(name, None)
    ast.write_text(json.dumps(tree, ensure_ascii=False), encoding="utf-8")
    # Pass 2, per format and in parallel: AST -> HTML / DOCX / typst (+ PDF).
    # Then the format filters both engines share (_quarto.yml `filters:`; each acts on its own format only).
    shared = [arg for path in filters for arg in ("--lua-filter", str(path))]
    common = [ast.name, "-f", "json", "--lua-filter", str(ASSETS / "typst-header.lua"), "--lua-filter",
              str(ASSETS / "callouts.lua"), *shared, "--toc",
              f"--toc-depth={project.config.get('toc-depth', 2)}"]

    def html() -> Path:
        out = work / f"{basename}.html"
        _run_pandoc(project, [*common, "-t", "html5", "--standalone",
                              "--embed-resources",
                              "--template", str(ASSETS / "report.html"), "--css", str(ASSETS / "report.css"),
                              *(arg for css in styles for arg in ("--css", str(css))), "-o", out.name], work, epoch)
        return out

    def docx() -> Path:
        out = work / f"{basename}.docx"
        toc_title = project.language.get("toc-title-document", "Indholdsfortegnelse")
        # report/_filters/docx.lua writes the table of contents itself, filled in (pandoc's own would be an empty field).
        without_toc = [arg for arg in common if arg != "--toc" and not arg.startswith("--toc-depth")]
        _run_pandoc(project, [*without_toc, "-M", f"toc-title={toc_title}",
                              "-t", "docx", "--reference-doc", str(reference), "-o", out.name], work, epoch)
        from vvvanalysis.render.docx_tables import fit_tables_to_page

        fit_tables_to_page(out)   # grid widths for the reference document's A4 line, not pandoc's 5.5 inches
        return out

    def pdf() -> Path:
        typ, out = work / f"{basename}.typ", work / f"{basename}.pdf"
        # The technical colophon (kolofon.txt) is attached to the PDF: it must sit under typst's root.
        record = executed_dir.parent / "generated" / "kolofon.txt"
        attach = ["-V", f"technical-record={record.name}"] if record.is_file() else []
        if attach:
            shutil.copyfile(record, work / record.name)
        # typst-citations: write citeproc's formatted text, not typst's own #cite/#bibliography.
        _run_pandoc(project, [*common, *(arg for inc in includes for arg in ("-M", f"vvv-typst-header={inc}")),
                              "-t", "typst-citations",
                              "--template", str(ASSETS / "report.typ"),
                              *attach, "-o", typ.name], work, epoch)
        try:
            compile_typst(typ, out, work, epoch)
        except RenderError as exc:   # name the chapter (or data file) line that produced the typst, not the .typ
            file, row = _source_of(project, typ, exc.row)
            raise RenderError(exc.message, file=file, row=row, hint=exc.hint) from None
        return out

    writers = {"html": html, "docx": docx, "pdf": pdf}
    with ThreadPoolExecutor(max_workers=len(formats)) as pool:
        futures = {fmt: pool.submit(writers[fmt]) for fmt in formats}
        # Results in a fixed order, so the first failure reported is always the same one.
        outputs: dict[str, Path] = {fmt: futures[fmt].result() for fmt in ("html", "docx", "pdf") if fmt in futures}
    stamp.write(key)
    return outputs, embedded


PDF_STANDARD = "ua-1"   # PDF/UA-1: typst itself refuses a figure without alt text, a missing title or language


def typst_font_paths() -> list[str]:
    """The report's sans family (style.SANS) for figure text and captions: the DejaVu files matplotlib ships,
    so the PDF uses exactly the font the figures were measured with; no system fonts (identical bytes)."""
    import matplotlib

    return [str(Path(matplotlib.get_data_path()) / "fonts" / "ttf")]


def compile_typst(source: Path, out: Path, root: Path, epoch: int) -> None:
    import typst

    try:
        # No system fonts and a fixed timestamp: identical bytes on every machine.
        typst.compile(str(source), output=str(out), root=str(root), ignore_system_fonts=True, timestamp=epoch,
                      font_paths=typst_font_paths(), pdf_standards=[PDF_STANDARD])
    except Exception as exc:  # typst raises its own error type with the diagnostics as text
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        diagnostic = getattr(exc, "diagnostic", "") or str(exc)
        where = re.search(r"\S+\.typ:(\d+):\d+", diagnostic)
        row = int(where.group(1)) if where else None
        lines = source.read_text(encoding="utf-8").splitlines()
        figure = re.search(r"media/([\w.-]+?)\.(?:svg|png)", lines[row - 1]) if row and 0 < row <= len(lines) else None
        if figure and "alt text" in first:
            raise RenderError(f"typst refused the PDF ({PDF_STANDARD.upper()}): figure '{figure.group(1)}' has no "
                              "alternative text", file=source, row=row, expected="a fig-alt option on the figure's cell",
                              hint=f"add '#| fig-alt: \"…\"' to the cell labelled {figure.group(1)} in its notebook "
                                   "(the same text HTML shows)") from None
        excerpt = ""
        if row is not None and 0 < row <= len(lines):
            text = " ".join(lines[row - 1].split())
            excerpt = f" near '{text[:60]}{'…' if len(text) > 60 else ''}'"
        raise RenderError(f"typst failed: {first}{excerpt}", file=source, row=row,
                          hint="fix the raw typst (`…`{=typst}) in the chapter that writes this text, "
                               "or the template render/assets/report.typ") from None
