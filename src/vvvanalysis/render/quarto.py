"""Quarto engine: one `quarto render --profile <round>` on the same sources, for all requested formats.

`vvv execute` stages what the book reads besides its sources (`stage`): the executed notebooks into
report/<round>/_executed/ and the generated files (colophon) into report/<round>/_generated/, beside the
round's chapters, which embed and include them by literal paths; the profile names the metadata file. So
`quarto render --profile <round>` works right after `vvv execute --round <round>`, and `vvv render --engine
quarto` only adds the render, the reproducibility post-processing and the atomic publish.
"""

from __future__ import annotations

import base64
import html
import json
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

from vvvanalysis.errors import RenderError
from vvvanalysis.render.project import Project

QUARTO_FORMATS = {"html": "html", "pdf": "typst", "docx": "docx"}
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
EMBED_CELL = re.compile(r"_executed/([\w.-]+\.ipynb)#([\w-]+)")
# Cell and notebook metadata papermill stamps with wall-clock times; Quarto copies cell metadata into the
# HTML (data-quarto-private-*), so the staged copies leave it out: same notebook outputs -> same bytes.
VOLATILE = ("papermill", "execution")


def version() -> str:
    out = subprocess.run(["quarto", "--version"], capture_output=True, text=True)
    return out.stdout.strip() or "unknown"


# --- Staging (called by `vvv execute`) ---------------------------------------------------------------------
def _stable_notebook(path: Path, round_name: str | None = None, phones: dict[str, str] | None = None) -> str:
    """The notebook as Quarto reads it; the phone variants of its figures go into `phones` (file name -> SVG)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    if round_name:
        _figure_sources(nb, round_name, {} if phones is None else phones)
    for key in VOLATILE:
        nb.get("metadata", {}).pop(key, None)
    for cell in nb.get("cells", []):
        for key in VOLATILE:
            cell.get("metadata", {}).pop(key, None)
    return json.dumps(nb, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _figure_sources(nb: dict, round_name: str, phones: dict[str, str]) -> None:
    """Each figure's number labels say where they come from, as in the built-in engine (trace.exhibits). A
    figure's phone variant (style.PHONE_MIME) leaves the notebook (Quarto shows the figure alone, in every format)
    for `phones`, as <label>-phone.svg with its sources too: report/_filters/html.lua shows it on a phone."""
    from vvvanalysis.marks import PHONE_MIME
    from vvvanalysis.paths import project_root
    from vvvanalysis.render.shortcodes import cell_options, phone_name, phone_svg
    from vvvanalysis.trace.exhibits import svg_with_sources

    for cell in nb.get("cells", []):
        label = cell_options(cell).get("label", "") if cell.get("cell_type") == "code" else ""
        phone = phone_svg(cell) if label else None
        if phone is not None:
            phones[phone_name(label)] = svg_with_sources(phone, label, round_name, project_root())
            cell["outputs"] = [o for o in cell["outputs"] if PHONE_MIME not in o.get("data", {})]
        for output in cell.get("outputs", []) if label else []:
            data = output.get("data", {})
            if "image/svg+xml" in data:
                svg = data["image/svg+xml"]
                data["image/svg+xml"] = svg_with_sources("".join(svg) if isinstance(svg, list) else svg, label,
                                                         round_name, project_root())


def _sync(sources: dict[str, str | Path], folder: Path) -> int:
    """Make `folder` hold exactly `sources` (name -> text or file); only changed files are written, so an
    unchanged stage leaves timestamps alone. Returns the number of files written or removed."""
    folder.mkdir(parents=True, exist_ok=True)
    changed = 0
    for old in folder.iterdir():
        if old.name not in sources:
            shutil.rmtree(old) if old.is_dir() else old.unlink()
            changed += 1
    for name, content in sources.items():
        data = content.read_bytes() if isinstance(content, Path) else content.encode("utf-8")
        target = folder / name
        if target.is_file() and target.read_bytes() == data:
            continue
        tmp = folder / f".{name}.partial"
        tmp.write_bytes(data)
        os.replace(tmp, target)
        changed += 1
    return changed


def stage(round_dir: Path, build: Path, texts: dict[str, str] | None = None) -> int:
    """Executed notebooks -> round_dir/_executed/, generated files, `texts` (name -> text, e.g. the paragraph
    map afsnit.json of trace.anchors) and the figures' phone variants -> round_dir/_generated/. (The DOCX reference document the round's profile
    names, build/reference.docx, has one writer: docx_reference.ensure_reference, called just before this by the
    pipeline; both engines only read it.)"""
    if not round_dir.is_dir():   # a round without chapter files yet has no book to stage for
        return 0
    phones: dict[str, str] = {}
    notebooks = {p.name: _stable_notebook(p, round_dir.name, phones)
                 for p in sorted((build / "notebooks").glob("*.ipynb"))}
    generated = build / "generated"
    files = {p.name: p for p in sorted(generated.iterdir()) if p.is_file()} if generated.is_dir() else {}
    files.update(texts or {})
    files.update(phones)   # the figures' phone variants, <label>-phone.svg (html.lua finds them by the cell's label)
    return _sync(notebooks, round_dir / "_executed") + _sync(files, round_dir / "_generated")


# --- Render ------------------------------------------------------------------------------------------------
def first_error(log: str) -> str:
    """Quarto prints `ERROR: …` first and a Deno stack trace after it, in colour: the ERROR line is the news."""
    lines = [ANSI.sub("", line).strip() for line in log.splitlines()]
    for line in lines:
        if line.startswith("ERROR:"):
            return line
    tail = [line for line in lines if line]
    return tail[-1] if tail else "unknown error"


def to_argument(formats: list[str]) -> str:
    """Quarto 1.10 refuses a list (`--to html,docx`: "Unknown format html,docx" while it builds the book's
    navigation), so one invocation renders either the one format asked for, or all of _quarto.yml's formats."""
    return QUARTO_FORMATS[formats[0]] if len(formats) == 1 else "all"


def reproducible(out_dir: Path, root: Path) -> None:
    """Quarto's HTML names the embedded notebooks by absolute path and gives captions random UUIDs: replace
    them with project-relative paths and numbers in order of appearance (identical bytes, no build paths)."""
    prefix = str(root.resolve()) + os.sep
    for page in sorted(out_dir.rglob("*")):
        if page.suffix not in {".html", ".json"} or not page.is_file():
            continue
        text = page.read_text(encoding="utf-8")
        seen: dict[str, str] = {}
        fixed = UUID.sub(lambda m: seen.setdefault(m.group(0), f"vvv{len(seen) + 1}"), text.replace(prefix, ""))
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")


# What Quarto prints where a source names something that does not exist: an unknown {{< meta KEY >}} becomes
# "?meta:KEY", an unknown @reference "?@ID", and a few other lookups "??". Quarto warns and exits 0; vvv stops.
UNRESOLVED = re.compile(r"\?meta:([\w.-]+)|\?@([\w-]+)|\?\?")
SCRIPT = re.compile(r"<(script|style)\b.*?</\1>", re.S)


def output_texts(out_dir: Path) -> dict[str, str]:
    """The reader-visible text of Quarto's outputs, per file: each HTML page (no scripts or styles), the DOCX
    body, and the PDF text layer when a reader is installed (pdf_text; the PDF is made from the same sources;
    Quarto's log warnings, checked too, cover it otherwise)."""
    texts: dict[str, str] = {}
    for page in sorted(out_dir.rglob("*.html")):
        raw = SCRIPT.sub(" ", page.read_text(encoding="utf-8"))
        texts[str(page.relative_to(out_dir))] = html.unescape(re.sub(r"<[^>]+>", " ", raw))
    for doc in sorted(out_dir.glob("*.docx")):
        with zipfile.ZipFile(doc) as archive:
            xml = archive.read("word/document.xml").decode("utf-8")
        texts[doc.name] = html.unescape("".join(re.findall(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>", xml)))
    for pdf in sorted(out_dir.glob("*.pdf")):
        text = pdf_text(pdf)
        if text is not None:
            texts[pdf.name] = text
    return texts


def pdf_text(pdf: Path) -> str | None:
    """The PDF's text layer: poppler's pdftotext where it is installed (a second for the report, where pypdf takes
    five), else pypdf, else None."""
    if shutil.which("pdftotext"):
        proc = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True)
        if proc.returncode == 0:
            return proc.stdout.decode("utf-8", errors="replace")
    try:
        from pypdf import PdfReader
    except ImportError:
        return None
    return "\n".join(page.extract_text() or "" for page in PdfReader(pdf).pages)


def check_resolved(project: Project, out_dir: Path, log: str) -> None:
    """Stop when any output shows an unresolved key or reference: name the chapter file and line behind it."""
    from vvvanalysis.render.builtin import locate
    from vvvanalysis.sourcemap import locate_text

    found: list[tuple[str, str, str]] = []   # (what, output file, text around it)
    for name, text in output_texts(out_dir).items():
        for match in UNRESOLVED.finditer(text):
            around = " ".join(text[max(0, match.start() - 80):match.end() + 80].split())
            found.append((match.group(0), name, around))
    for line in log.splitlines():   # e.g. "WARNING ... Unable to resolve crossref @fig-x"
        ref = re.search(r"Unable to resolve crossref @([\w-]+)", line)
        if ref:
            found.append((f"?@{ref.group(1)}", "quarto.log", line))
    if not found:
        return
    what, where, around = found[0]
    match = UNRESOLVED.fullmatch(what)
    if match and match.group(1):
        file, row = locate(project, r"\{\{<\s*meta\s+" + re.escape(match.group(1)) + r"\s*>\}\}")
        hint = (f"the metadata key '{match.group(1)}' does not exist: fix the key in the chapter (the numbers are "
                "the v.KEY values vvvanalysis.keyfigures computes)")
    elif match and match.group(2):
        file, row = locate(project, "@" + re.escape(match.group(2)) + r"(?![\w-])")
        hint = "give the target the id (e.g. {#sec-…} on a heading or ::: {#fig-…}) or fix the @reference"
    else:
        file, row = locate_text(around.replace(what, " "), project.sources())
        hint = "fix the reference at the line named"
    others = sorted({w for w, _, _ in found} - {what})
    raise RenderError(f"Quarto's output shows '{what}' (in {where}: …{around}…)"
                      + (f"; also {', '.join(others[:5])}" if others else ""),
                      file=file, row=row, expected="every {{< meta >}} key and @reference resolved", hint=hint)


def figures(project: Project, target: Path) -> list[Path]:
    """The figures the book embeds (PNG outputs of its embedded cells, as Quarto staged them), named by cell
    label like the built-in engine's: output/<round>/figurer/ then lists exactly this render's figures."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    staged = project.round_dir / "_executed"
    cells: dict[str, dict] = {}
    out = []
    for source in project.sources():
        for notebook, label in EMBED_CELL.findall(source.read_text(encoding="utf-8")):
            if notebook not in cells:
                nb = json.loads((staged / notebook).read_text(encoding="utf-8"))
                cells[notebook] = {_label(c): c for c in nb.get("cells", []) if c.get("cell_type") == "code"}
            for output in cells[notebook].get(label, {}).get("outputs", []):
                png = output.get("data", {}).get("image/png")
                if png:
                    path = target / f"{label}.png"
                    path.write_bytes(base64.b64decode("".join(png) if isinstance(png, list) else png))
                    out.append(path)
    return sorted(set(out))


def _label(cell: dict) -> str | None:
    from vvvanalysis.render.shortcodes import cell_options

    return cell_options(cell).get("label")


def render(project: Project, executed_dir: Path, work: Path, formats: list[str], basename: str,
           epoch: int, force: bool = False) -> tuple[dict[str, Path], list[str]]:
    # The profile points Quarto's output-dir into the build folder; vvv publishes from there atomically.
    out_dir = project.root / project.config.get("project", {}).get("output-dir", f"_build/{project.profile}/quarto")
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(epoch))
    # The post-render script (report/_scripts/quarto-docx.py) runs in the Python Quarto finds: give it this
    # package, whatever that Python has installed.
    package_parent = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_parent, os.environ.get("PYTHONPATH", "")) if p)
    work.mkdir(parents=True, exist_ok=True)
    log = work / "quarto.log"
    to = to_argument(formats)
    proc = subprocess.run(["quarto", "render", "--profile", project.profile, "--to", to],
                          cwd=project.root, capture_output=True, text=True, env=env)
    log.write_text(ANSI.sub("", proc.stdout + proc.stderr), encoding="utf-8")
    if proc.returncode != 0:
        raise RenderError(f"quarto render --profile {project.profile} --to {to} failed: "
                          f"{first_error(proc.stderr + proc.stdout).rstrip('.')}", file=log,
                          hint="the file named holds Quarto's whole output; fix the source it names")
    reproducible(out_dir, project.root)
    check_resolved(project, out_dir, log.read_text(encoding="utf-8"))   # nothing is published with a '?meta:'
    # Quarto's copies in a folder of their own: the built-in engine's files in `work` keep their names and its
    # no-op check (a stamp) never takes Quarto's files for its own.
    work = work / "quarto"
    work.mkdir(exist_ok=True)
    outputs: dict[str, Path] = {}
    for fmt in formats:
        if fmt == "html":
            # A Quarto book's HTML is a small website (one page per chapter): published as a folder.
            site = work / f"{basename}-html"
            shutil.rmtree(site, ignore_errors=True)
            shutil.copytree(out_dir, site, ignore=shutil.ignore_patterns("*.pdf", "*.docx", "*.typ"))
            # The colophon page links the technical record beside it (as the PDF and DOCX find it beside them).
            record = project.round_dir / "_generated" / "kolofon.txt"
            if record.is_file() and (site / "report" / project.round_dir.name).is_dir():
                shutil.copyfile(record, site / "report" / project.round_dir.name / "kolofon.txt")
            outputs["html"] = site
            continue
        suffix = ".pdf" if fmt == "pdf" else ".docx"
        found = sorted(out_dir.glob(f"*{suffix}"))
        if not found:
            raise RenderError(f"quarto wrote no {suffix} file", file=out_dir, hint=f"see {log}")
        target = work / f"{basename}{suffix}"
        shutil.copyfile(found[0], target)
        outputs[fmt] = target
    figures(project, work.parent / "quarto-media")
    return outputs, []
