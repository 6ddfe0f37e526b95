"""One round, end to end: validate -> execute -> metadata -> render -> publish, with timings."""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from vvvanalysis.errors import ConfigError
from vvvanalysis.paths import build_dir, output_dir, project_root
from vvvanalysis.provenance import source_epoch  # noqa: F401  (also used by callers of run)

FORMATS = ("html", "pdf", "docx")


@dataclass
class Summary:
    round_name: str
    steps: list[tuple[str, float, str]] = field(default_factory=list)   # (step, seconds, detail)
    notebooks: list = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    engine: str = ""


class Timer:
    def __init__(self, summary: Summary, progress):
        self.summary, self.progress = summary, progress

    def step(self, name: str, func, detail=lambda r: ""):
        self.progress(f"▸ {name} …")
        start = time.perf_counter()
        result = func()
        seconds = time.perf_counter() - start
        text = detail(result)
        self.summary.steps.append((name, seconds, text))
        self.progress(f"  {name}: {text} ({seconds:.1f} s)" if text else f"  {name} ({seconds:.1f} s)")
        return result


def validate(round_name: str, *, cached: bool = False):
    """Validate every data file; with cached=True skip when nothing changed since the last success."""
    from vvvanalysis.paths import round_dir
    from vvvanalysis.personal_data import check_files
    from vvvanalysis.pipeline.cache import DepStamp, data_key, tracked
    from vvvanalysis.prose import check as check_prose

    folder = round_dir(round_name)
    stamp, key = DepStamp(build_dir(round_name) / "stamps" / "validated.json"), data_key(folder)
    if not (cached and stamp.matches(key)):
        from vvvanalysis.data import validate_round

        stamp.clear()

        def checked():
            from vvvanalysis.config import load_config

            load_config(round_name)   # round.yml is data too: strict YAML, its keys and values
            files = validate_round(round_name)
            check_files([p for p in sorted(folder.iterdir()) if p.is_file()], project_root())
            return files

        files, reads = tracked(checked)   # the previous round's files a follow-up reads count too
        stamp.write(key, reads, [str(p) for p in files])
    files = [Path(p) for p in stamp.payload()]
    prose = check_prose(round_name)       # the round's chapter files are checked on every run: cheap
    check_files(prose, project_root())
    return files + prose


def execute(round_name: str, *, jobs: int = 0, force: bool = False, progress=print, summary: Summary | None = None,
            pool=None, engine: str = "auto"):
    """Validate and run the notebooks; `pool` (warm kernels) is the preview's, else one is made per run."""
    from vvvanalysis.paths import round_dir
    from vvvanalysis.pipeline.lock import round_lock

    if jobs < 0:
        raise ConfigError(f"--jobs is {jobs}", expected="0 (one per core) or a positive number of notebooks at once",
                          hint="pass --jobs 0 or e.g. --jobs 2")
    round_dir(round_name)   # a name under data/ before any build folder is made for it
    with round_lock(build_dir(round_name), round_name, progress):
        return _execute(round_name, jobs=jobs, force=force, progress=progress, summary=summary, pool=pool,
                        engine=engine)


def _execute(round_name: str, *, jobs: int, force: bool, progress, summary: Summary | None, pool=None,
             engine: str = "auto"):
    from vvvanalysis.config import load_config
    from vvvanalysis.pipeline.execute import execute_round

    summary = summary or Summary(round_name)
    timer = Timer(summary, progress)
    cfg = load_config(round_name)
    from vvvanalysis.importer import import_round, needs_import

    if needs_import(round_name):   # a raw export or import.yml changed: rebuild the tables it declares first
        timer.step("import raw exports", lambda: import_round(round_name),
                   lambda res: f"{len(res.written)} files written, {len(res.unchanged)} unchanged")
    timer.step("validate data", lambda: validate(round_name, cached=not force),
               lambda files: f"{len(files)} files valid")
    runs = timer.step(
        "execute notebooks",
        lambda: execute_round(round_name, project_root() / "notebooks", build_dir(round_name) / "notebooks",
                              cfg.folder, jobs=jobs, force=force, progress=lambda m: progress("    " + m),
                              only=_embedded_notebooks(round_name), pool=pool),
        lambda rs: f"{sum(r.status == 'ran' for r in rs)} ran, {sum(r.status == 'reused' for r in rs)} reused",
    )
    summary.notebooks = runs
    _stage_book(cfg, round_name, pick_engine(engine), force, timer)
    return cfg, summary


def _stage_book(cfg, round_name: str, engine: str, force: bool, timer: Timer) -> None:
    """Everything the book reads besides its sources: `quarto render --profile <round>` works right after
    `vvv execute` (inline numbers, colophon, executed notebooks and generated files beside the chapters)."""
    build = build_dir(round_name)
    timer.step("compute inline numbers", lambda: _metadata(cfg, build, force), lambda n: f"{n} values")
    from vvvanalysis.provenance import write_colophon

    epoch = source_epoch(cfg.report_date)
    timer.step("write colophon", lambda: write_colophon(
        build / "generated" / "kolofon.md", root=project_root(), data_folder=cfg.folder, engine=engine,
        engine_version=_engine_version(engine), epoch=epoch), lambda p: p.name)
    from vvvanalysis.render.pandoc import pandoc_path
    from vvvanalysis.render.docx_reference import ensure_reference
    from vvvanalysis.render.project import load_project
    from vvvanalysis.render.quarto import stage

    # The one DOCX reference document both engines use, from the metadata the book reads (the page header is the
    # cover label, as the cover): written here when it changed, then only read by Quarto and the built-in engine.
    project = load_project(project_root(), round_name)
    timer.step("write DOCX reference", lambda: ensure_reference(project, pandoc_path()),
               lambda res: "written" if res[1] else "unchanged")
    from vvvanalysis.trace.anchors import paragraph_map

    # afsnit.json: where each chapter's paragraphs start, so Quarto's DOCX carries the built-in engine's anchors
    timer.step("stage for Quarto", lambda: stage(project_root() / "report" / round_name, build,
                                                 {"afsnit.json": paragraph_map(project)}),
               lambda n: f"{n} files changed")


def _embedded_notebooks(round_name: str) -> set[str] | None:
    """The notebooks the round's book embeds; None (all notebooks) when the round has no Quarto profile yet."""
    from vvvanalysis.render.project import load_project

    if not (project_root() / f"_quarto-{round_name}.yml").exists():
        return None
    return load_project(project_root(), round_name).notebooks()


def pick_engine(name: str) -> str:
    if name == "auto":
        return "quarto" if shutil.which("quarto") else "builtin"
    if name == "quarto" and not shutil.which("quarto"):
        raise ConfigError("the Quarto engine was asked for, but 'quarto' is not on PATH",
                          hint="install Quarto (quarto.org) or use --engine builtin")
    if name not in {"quarto", "builtin"}:
        raise ConfigError(f"unknown engine '{name}'", expected="auto, quarto or builtin",
                          hint="pass --engine auto, quarto or builtin")
    return name


def metadata_key(folder: Path) -> str:
    """What the metadata depends on: the round's data and the code, and the catalogue's own files, whose
    descriptions, sources and rows are the explanations the HTML shows."""
    from vvvanalysis.pipeline.cache import data_key
    from vvvanalysis.pipeline.fingerprint import file_hash, text_hash
    from vvvanalysis.trace.catalogue import inputs

    return text_hash(data_key(folder), *(f"{p.name}={file_hash(p)}" for p in inputs()))


def _metadata(cfg, build: Path, force: bool) -> int:
    """Inline numbers depend only on data, code and the catalogue: reuse them when none changed."""
    from vvvanalysis.pipeline.cache import DepStamp, tracked
    from vvvanalysis.report_values import write_metadata

    path, stamp = build / "metadata.yml", DepStamp(build / "stamps" / "metadata.json")
    key = metadata_key(cfg.folder)
    from vvvanalysis.report_values import source_map_file

    if not force and path.exists() and source_map_file(build).exists() and stamp.matches(key) and stamp.payload():
        return int(stamp.payload()[0])   # the count is stamped: a no-op render need not parse the file
    stamp.clear()
    # Keyed on what the numbers actually read (round.yml, the previous round's data), not only the folder.
    meta, reads = tracked(lambda: write_metadata(cfg, path))
    stamp.write(key, reads, [str(len(meta["v"]))])
    return len(meta["v"])


def _check_catalogue(round_name: str, build: Path) -> str:
    """catalogue.check_complete, skipped (a no-op render stays fast) when the values, chapters, catalogue files
    and code are those of the last check that passed."""
    import yaml

    from vvvanalysis.pipeline.cache import DepStamp
    from vvvanalysis.pipeline.fingerprint import file_hash, package_hash, text_hash
    from vvvanalysis.trace.catalogue import check_complete, inputs

    metadata = build / "metadata.yml"
    files = [metadata, *sorted((project_root() / "report" / round_name).glob("*.qmd")), *inputs()]
    key, stamp = text_hash(package_hash(), *(f"{p.name}={file_hash(p)}" for p in files)), \
        DepStamp(build / "stamps" / "catalogue.json")
    if stamp.matches(key):
        return "unchanged"
    meta = yaml.load(metadata.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    values = {k: str(v) for k, v in (meta.get("v") or {}).items()}
    _check_keys_exist(round_name, values)
    check_complete(round_name, project_root(), values)
    stamp.write(key, {})
    return "every printed number described, with its source"


def _check_keys_exist(round_name: str, values: dict[str, str]) -> None:
    """A chapter that prints a key the round does not have stops here, for either engine, naming the chapter and
    line: before Quarto renders the whole book only to fail on it (the built-in engine would stop at the same
    line when it expands the shortcode)."""
    from vvvanalysis.trace.uses import uses

    for key, places in uses(round_name, project_root()).items():
        if key not in values:
            raise ConfigError(f"metadata key 'v.{key}' does not exist", file=project_root() / places[0].file,
                              row=places[0].line, hint="add it to vvvanalysis.report_values or fix the key")


def _engine_version(engine: str) -> str:
    if engine == "quarto":
        from vvvanalysis.render.quarto import version

        return version()
    from vvvanalysis.render.builtin import typst_version
    from vvvanalysis.render.pandoc import pandoc_version

    return f"(pandoc {pandoc_version()}, typst {typst_version()})"


def render(round_name: str, formats: list[str], engine: str = "auto", *, jobs: int = 0, force: bool = False,
           progress=print) -> Summary:
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise ConfigError(f"unknown output format(s): {', '.join(bad) or '(none)'}", expected="html, pdf, docx",
                          hint="pass --to with a comma-separated list of these, e.g. --to html,pdf")
    engine = pick_engine(engine)
    if os.environ.get("SOURCE_DATE_EPOCH"):
        source_epoch(None)   # a bad value stops the render before any notebook runs
    from vvvanalysis.paths import round_dir
    from vvvanalysis.pipeline.lock import round_lock

    round_dir(round_name)
    with round_lock(build_dir(round_name), round_name, progress):
        return _render(round_name, formats, engine, jobs=jobs, force=force, progress=progress)


def _render(round_name: str, formats: list[str], engine: str, *, jobs: int, force: bool, progress) -> Summary:
    summary = Summary(round_name, engine=engine)
    cfg, summary = execute(round_name, jobs=jobs, force=force, progress=progress, summary=summary, engine=engine)
    timer = Timer(summary, progress)
    build = build_dir(round_name)
    from vvvanalysis.render.project import load_project

    project = load_project(project_root(), round_name)
    # Every number a chapter prints says what it is and where it comes from: a key without a description or a
    # source stops the render here, before anything is published.
    timer.step("check the catalogue of numbers", lambda: _check_catalogue(round_name, build), lambda r: r)
    from vvvanalysis.guard import check_sources

    timer.step("check sources (offline, no foreign script)", lambda: check_sources(project.sources()))
    epoch = source_epoch(cfg.report_date)
    work = build / "render"
    basename = f"vvv-{round_name}"
    if engine == "builtin":
        from vvvanalysis.render import builtin as eng
    else:
        from vvvanalysis.render import quarto as eng
    outputs, _embedded = timer.step(
        f"render ({engine})",
        lambda: eng.render(project, build / "notebooks", work, formats, basename, epoch, force=force),
        lambda res: ", ".join(sorted(res[0])),
    )
    from vvvanalysis.pipeline.publish import figures_of

    media = figures_of(engine, work)   # from the engine that ran: never a stale folder of the other one
    if "html" in outputs:   # before publishing: a refused HTML leaves the last good report in output/
        from vvvanalysis.guard import check_html

        sources = [*project.sources(), *(p for p in sorted(cfg.folder.iterdir()) if p.is_file())]
        timer.step("check HTML (offline, no foreign script)", lambda: check_html(
            outputs["html"], sources, allow_local_scripts=engine == "quarto"))
    from vvvanalysis.pipeline.publish import publish
    from vvvanalysis.provenance import SIDECAR

    # The full technical record is published beside the report (the report itself carries a short line).
    outputs = {**outputs, "kolofon": build / "generated" / SIDECAR}

    summary.written = timer.step("publish", lambda: publish(outputs, media, output_dir(round_name), engine=engine),
                                 lambda w: f"{len(w)} files")
    return summary
