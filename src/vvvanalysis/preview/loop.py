"""The preview loop: watch, classify, rebuild the least that depends on the change, serve the result."""

from __future__ import annotations

import os
import shutil
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from vvvanalysis.errors import VVVError
from vvvanalysis.paths import build_dir, project_root, round_dir
from vvvanalysis.preview.server import Server, State
from vvvanalysis.preview.watch import changed, snapshot

POLL_SECONDS = 0.2
PACKAGE_DIR = Path(__file__).resolve().parents[1]


def _watched(root: Path, round_name: str) -> list[Path]:
    # The project-level book files (index.qmd, _quarto*.yml) plus the four source trees of the issue.
    tops = sorted(p for p in root.iterdir() if p.is_file() and (p.suffix == ".qmd" or p.name.startswith("_quarto")))
    return [*tops, root / "data" / round_name, root / "report", root / "notebooks", PACKAGE_DIR]


def classify(paths: set[Path], root: Path, round_name: str) -> str:
    """'code' (package source), 'full' (data, notebooks, book config) or 'prose' (chapters under report/,
    the home page): the most demanding kind among the changed files wins."""
    kinds = set()
    for path in paths:
        if path.is_relative_to(PACKAGE_DIR):
            kinds.add("code")
        elif path.is_relative_to(root / "report") or path.suffix == ".qmd":
            kinds.add("prose")
        else:
            kinds.add("full")
    for kind in ("code", "full", "prose"):
        if kind in kinds:
            return kind
    return "prose"


class Preview:
    def __init__(self, round_name: str, engine: str, port: int, jobs: int = 0, progress=print):
        from vvvanalysis.pipeline.execute import KernelPool, _default_jobs

        self.root = project_root()
        self.round_name = round_dir(round_name).name    # a clear error for an unknown round, before serving
        self.engine, self.progress = engine, progress
        self.build = build_dir(self.round_name)
        self.work = self.build / "preview"
        self.state = State()
        # Version numbers unique across a restart of the process (package edit), so open pages reload.
        self.state.version = int(time.time() * 1000) % 1_000_000_000
        self.server = Server(port, self.state)
        self.port = self.server.server_address[1]
        self.pool = KernelPool(_default_jobs(jobs), self.root / "notebooks", self.build / "notebooks")
        self.state.warm_kernels = self.pool.idle_count
        self.needs_full = True
        self.epoch = None
        self.ran: list[str] = []
        self.steps: list[str] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    # -- building ---------------------------------------------------------------------------------------
    def _full(self) -> None:
        """Validate (cached), then the notebooks whose inputs changed on the warm kernels while this process
        computes the inline numbers (two cores, two kinds of work), the colophon, then the text."""
        from concurrent.futures import ThreadPoolExecutor

        from vvvanalysis.config import load_config
        from vvvanalysis.pipeline.execute import execute_round
        from vvvanalysis.pipeline.run import _embedded_notebooks, _engine_version, _metadata, validate
        from vvvanalysis.provenance import source_epoch
        from vvvanalysis.provenance import write_colophon

        with self._step("validate"):
            cfg = load_config(self.round_name)
            validate(self.round_name, cached=True)
        with self._step("notebooks + numbers"), ThreadPoolExecutor(max_workers=1) as side:
            numbers = side.submit(_metadata, cfg, self.build, False)
            runs = execute_round(self.round_name, self.root / "notebooks", self.build / "notebooks", cfg.folder,
                                 only=_embedded_notebooks(self.round_name), pool=self.pool)
            numbers.result()
        self.ran = [n.name for n in runs if n.status == "ran"]
        if self.epoch is None:
            self.epoch = source_epoch(cfg.report_date)
        write_colophon(self.build / "generated" / "kolofon.md", root=self.root, data_folder=cfg.folder,
                       engine=self.engine, engine_version=_engine_version(self.engine), epoch=self.epoch)
        self._text()

    def _text(self) -> None:
        """Prose changed: check it, render HTML only, swap it in (the old site is dropped after)."""
        from vvvanalysis.prose import check as check_prose
        from vvvanalysis.render.project import load_project

        with self._step("check"):
            check_prose(self.round_name)
            project = load_project(self.root, self.round_name)
        executed = self.build / "notebooks"
        if any(not (executed / name).exists() for name in project.notebooks()):
            raise _NeedsFull()
        fresh = self.work / f"site-{self.state.version + 1}"
        shutil.rmtree(fresh, ignore_errors=True)
        with self._step("html"):
            if self.engine == "builtin":
                from vvvanalysis.preview.html import render_html

                render_html(project, executed, self.work / "render", fresh, self.epoch or 0)
            else:   # Quarto's HTML is a website already: serve a copy of it
                from vvvanalysis.render import quarto

                outputs, _ = quarto.render(project, executed, self.work / "render", ["html"],
                                           f"vvv-{self.round_name}", self.epoch or 0)
                shutil.copytree(outputs["html"], fresh)
        old = self.state.site
        self.state.publish(fresh, "index.html")
        if old is not None and old != fresh:
            shutil.rmtree(old, ignore_errors=True)

    @contextmanager
    def _step(self, name: str):
        start = time.perf_counter()
        try:
            yield
        finally:
            self.steps.append(f"{name} {time.perf_counter() - start:.1f} s")

    def rebuild(self, paths: set[Path] | None) -> bool:
        kind = "full" if paths is None or self.needs_full else classify(paths, self.root, self.round_name)
        if kind == "code":
            self.restart()
        start = time.perf_counter()
        self.ran, self.steps = [], []
        self.state.building = True
        try:
            try:
                self._full() if kind == "full" else self._text()
            except _NeedsFull:
                kind = "full"
                self._full()
        except VVVError as exc:
            self.needs_full = self.needs_full or kind == "full"
            return self._report_error("vvv: error: " + " ".join(exc.render().splitlines()))
        except Exception as exc:  # a bug must not end the writing session: report it and keep serving
            self.needs_full = True
            from vvvanalysis.personal_patterns import mask_text

            return self._report_error(f"vvv: internal error: {type(exc).__name__}: {mask_text(str(exc))}")
        finally:
            self.state.building = False
        self.needs_full = False
        what = {"full": "data/notebooks", "prose": "text only"}[kind]
        ran = f", ran {', '.join(self.ran)}" if self.ran else ""
        names = ", ".join(sorted(_short(p, self.root) for p in paths)) if paths else "first build"
        self.progress(f"preview: rebuilt ({what}{ran}) in {time.perf_counter() - start:.1f} s "
                      f"[{', '.join(self.steps)}] after {names}")
        return True

    def _report_error(self, line: str) -> bool:
        print(line, file=sys.stderr, flush=True)
        self.state.fail(line)
        return False

    # -- lifecycle --------------------------------------------------------------------------------------
    def restart(self) -> None:
        """Package code changed: this process and its kernels hold the old modules. Start afresh in place
        (same pid, same port); the per-notebook cache then re-runs only what imports the changed code."""
        self.progress("preview: package code changed, restarting")
        self.close()
        args = [sys.executable, "-m", "vvvanalysis", "preview", "--round", self.round_name, "--port", str(self.port),
                "--engine", self.engine, "--jobs", str(self.pool.size)]
        sys.stdout.flush()
        sys.stderr.flush()
        os.execv(sys.executable, args)

    def close(self) -> None:
        self.server.stop()
        self.pool.shutdown()

    def serve(self, open_browser: bool = False) -> None:
        self.server.start()
        self.progress(f"preview: serving {self.url} (round {self.round_name}, {self.engine} engine; Ctrl-C stops)")
        seen = snapshot(_watched(self.root, self.round_name))
        self.rebuild(None)
        self.pool.warm()   # the first data edit then finds its kernels started and the stack imported
        if open_browser:
            import webbrowser

            webbrowser.open(self.url)
        while True:
            time.sleep(POLL_SECONDS)
            now = snapshot(_watched(self.root, self.round_name))
            if now == seen:
                continue
            while True:   # an editor may save in steps (temp file, rename): wait until the tree is still
                time.sleep(0.05)
                settled = snapshot(_watched(self.root, self.round_name))
                if settled == now:
                    break
                now = settled
            paths, seen = changed(seen, now), now
            self.rebuild(paths)


class _NeedsFull(Exception):
    """A chapter now embeds a notebook that has not run yet: the text-only path cannot serve it."""


def _short(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.name


def run_preview(round_name: str, engine: str = "builtin", port: int = 4848, jobs: int = 0, open_browser=False,
                progress=print) -> int:
    from vvvanalysis.pipeline.execute import signals_interrupt

    preview = None
    try:
        with signals_interrupt():
            preview = Preview(round_name, engine, port, jobs, progress)
            preview.serve(open_browser)
    except KeyboardInterrupt:
        pass
    finally:
        if preview is not None:
            preview.close()
    if preview is not None:
        progress("preview: stopped")
    return 0
