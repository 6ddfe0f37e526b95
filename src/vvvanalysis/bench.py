"""`make bench`: the writing loop's and the cold render's speed, measured in one run, printed as ratios.

Machines (and a 2-core machine shared with others) are noisy, so the targets of issue 15 are ratios of times
measured in the same run:
  floor    = one process that imports the analysis stack once, runs every notebook's code of the round
             in-process (figures drawn to PNG, tables to Markdown), computes the inline numbers and renders
             all formats with the built-in engine;
  cold     = `vvv render` of the round, all formats, caches empty          target ≤ 2 × floor
  prose    = `vvv preview`: a sentence added to a chapter -> new HTML served
             target ≤ 1.5 × the HTML-only engine time and ≤ 10 % of cold
  data     = `vvv preview`: one value in a data table -> new HTML served  target ≤ 30 % of cold
  no-op    = `vvv render` again with nothing changed                      target ≤ 10 % of cold (issue 8)
With Quarto on PATH, both engines alone (all formats, same executed notebooks) are timed and their ratio printed.
"cold" is the mean of a cold render before and one after the preview edits (the load drifts).
A profile (kernel start, imports per kernel, seconds per notebook) is printed first: it is what the warm
kernel pool in pipeline/execute.py is built on. Runs in a throw-away copy of the project (VVV_ROOT).
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

EPOCH = "1638230400"
EDIT_TABLE = "tabel8_kurser.csv"
EDIT_ROW = re.compile(r"^(Kulturmødet,[^,]*,)(\d+)", re.M)


def _env(project: Path) -> dict:
    return dict(os.environ, VVV_ROOT=str(project), SOURCE_DATE_EPOCH=EPOCH)


def _vvv(project: Path, *args: str) -> tuple[float, str]:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "vvvanalysis", *args], cwd=project, env=_env(project),
                          capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"bench: vvv {' '.join(args)} failed:\n{proc.stderr}")
    return seconds, proc.stdout


def _python(project: Path, code: str) -> tuple[float, str]:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code], cwd=project, env=_env(project), capture_output=True,
                          text=True)
    if proc.returncode != 0:
        sys.exit(f"bench: measurement failed:\n{proc.stderr}")
    return time.perf_counter() - start, proc.stdout


# -- the floor, run in its own fresh process ------------------------------------------------------------
def floor_worker(round_name: str) -> None:
    """Everything a render computes, in one process: imports once, every notebook's code, numbers, engine."""
    import io

    import matplotlib

    matplotlib.use("agg")
    import matplotlib.pyplot as plt

    from vvvanalysis.config import load_config
    from vvvanalysis.paths import build_dir, project_root
    from vvvanalysis.pipeline.execute import discover
    from vvvanalysis.pipeline.run import _embedded_notebooks
    from vvvanalysis.render import builtin
    from vvvanalysis.render.project import load_project
    from vvvanalysis.report_values import write_metadata

    root = project_root()
    cfg = load_config(round_name)
    only = _embedded_notebooks(round_name)
    for nb in discover(root / "notebooks"):
        if only is not None and nb.name not in only:
            continue
        cells = [c for c in json.loads(nb.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"]
        namespace: dict = {}
        for number, cell in enumerate(cells):
            tree = ast.parse("".join(cell["source"]))
            last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
            exec(compile(tree, nb.name, "exec"), namespace)
            if number == 0:   # the parameters cell, as papermill would inject them
                namespace.update(round_name=round_name, data_dir=str(cfg.folder))
            value = eval(compile(ast.Expression(last.value), nb.name, "eval"), namespace) if last else None
            if hasattr(value, "_repr_markdown_"):
                value._repr_markdown_()
            for number_ in plt.get_fignums():   # what the inline backend does: each figure to PNG
                plt.figure(number_).savefig(io.BytesIO(), format="png", bbox_inches="tight")
            plt.close("all")
    build = build_dir(round_name)
    write_metadata(cfg, build / "metadata.yml")
    project = load_project(root, round_name)
    builtin.render(project, build / "notebooks", build / "floor", ["html", "docx", "pdf"], "floor", int(EPOCH),
                   force=True)


HTML_ENGINE = """
import time
from pathlib import Path
from vvvanalysis.paths import build_dir, project_root
from vvvanalysis.render import builtin
from vvvanalysis.render.project import load_project
project = load_project(project_root(), {round!r})
build = build_dir({round!r})
times = []
for _ in range(3):
    start = time.perf_counter()
    builtin.render(project, build / "notebooks", build / "html-only", ["html"], "html-only", 0, force=True)
    times.append(time.perf_counter() - start)
print(sorted(times)[1])
"""

# Both engines alone, all formats, on the same executed notebooks (issue 13): what choosing Quarto costs.
ENGINES = """
import time
from vvvanalysis.paths import build_dir, project_root
from vvvanalysis.render import builtin, quarto
from vvvanalysis.render.project import load_project
project = load_project(project_root(), {round!r})
build = build_dir({round!r})
formats = ["html", "docx", "pdf"]
start = time.perf_counter()
builtin.render(project, build / "notebooks", build / "engine-builtin", formats, "bench", 0, force=True)
middle = time.perf_counter()
quarto.render(project, build / "notebooks", build / "engine-quarto", formats, "bench", 0, force=True)
print(middle - start, time.perf_counter() - middle, quarto.version())
"""

KERNEL_START = """
import time
from jupyter_client.manager import KernelManager
start = time.perf_counter()
km = KernelManager(kernel_name="python3"); km.start_kernel()
kc = km.client(); kc.start_channels(); kc.wait_for_ready(timeout=120)
print(time.perf_counter() - start)
kc.stop_channels(); km.shutdown_kernel(now=True)
"""

IMPORTS = """
import time
start = time.perf_counter()
import matplotlib, matplotlib.pyplot
import vvvanalysis.notebook, vvvanalysis.outputs.kommuner, vvvanalysis.outputs.texts
print(time.perf_counter() - start)
"""


# -- the preview, driven as an evaluator would ----------------------------------------------------------
class PreviewSession:
    def __init__(self, project: Path, round_name: str):
        import socket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/"
        self.proc = subprocess.Popen([sys.executable, "-m", "vvvanalysis", "preview", "--round", round_name,
                                      "--port", str(self.port)], cwd=project, env=_env(project),
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)

    def state(self) -> dict:
        try:
            with urllib.request.urlopen(self.url + "__vvv/state", timeout=10) as r:
                return json.loads(r.read())
        except OSError:
            return {}

    def page(self) -> str:
        for _attempt in range(100):   # the preview restarts itself (same port) when package code changes
            try:
                with urllib.request.urlopen(self.url, timeout=30) as r:
                    return r.read().decode("utf-8")
            except OSError:
                time.sleep(0.1)
        sys.exit("bench: the preview stopped serving")

    def wait(self, predicate, seconds: float = 300):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if predicate():
                return
            time.sleep(0.02)
        sys.exit("bench: the preview did not serve the edit in time")

    def ready(self, kernels: int) -> None:
        self.wait(lambda: (s := self.state()).get("version") and not s.get("building")
                  and s.get("warm_kernels", 0) >= kernels)

    def edit(self, path: Path, new_text: str, served) -> float:
        """Seconds from the save to the moment the new HTML is what the server hands out."""
        version = self.state()["version"]
        start = time.perf_counter()
        path.write_text(new_text, encoding="utf-8")
        self.wait(lambda: self.state().get("version") != version)
        seconds = time.perf_counter() - start
        if self.state().get("error") or not served(self.page()):
            sys.exit(f"bench: the preview served an error or a stale page: {self.state()}")
        return seconds

    def stop(self) -> None:
        import signal

        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)


def _chapter(project: Path, round_name: str) -> Path:
    from vvvanalysis.render.project import load_project

    return [c for c in load_project(project, round_name).chapters if "report" in c.parts][0]


def _measure_preview(project: Path, round_name: str, repeat: int) -> tuple[list[float], list[float]]:
    session = PreviewSession(project, round_name)
    try:
        session.ready(kernels=min(2, os.cpu_count() or 1))
        time.sleep(1.0)   # let the warm-up settle, as an evaluator's first edit comes later
        chapter = _chapter(project, round_name)
        prose = []
        for i in range(repeat):
            sentence = f"Benchmarkens sætning nummer {i + 1}."
            prose.append(session.edit(chapter, chapter.read_text(encoding="utf-8") + f"\n\n{sentence}\n",
                                      lambda page, s=sentence: s in page))
        table = project / "data" / round_name / EDIT_TABLE
        data = []
        for i in range(repeat):
            text = table.read_text(encoding="utf-8")
            old = int(EDIT_ROW.search(text).group(2))
            new_value = old + 1 + i
            data.append(session.edit(table, EDIT_ROW.sub(lambda m: f"{m.group(1)}{new_value}", text, count=1),
                                     lambda page, v=new_value: f">{v}</td>" in page))
    finally:
        session.stop()
    return prose, data


def _profile(project: Path, round_name: str, cold_log: str) -> None:
    _seconds, kernel_out = _python(project, KERNEL_START)
    kernel_seconds = float(kernel_out.strip())
    _seconds, imports = _python(project, IMPORTS)
    runs = re.findall(r"ran (\S+\.ipynb) \(([\d.]+) s\)", cold_log)
    print("\nProfile (why a warm kernel pool: a kernel's start and imports cost more than most notebooks)")
    print(f"  kernel start (no imports)                {kernel_seconds:6.2f} s")
    print(f"  imports per kernel (matplotlib, pandas, seaborn->scipy, statsmodels) {float(imports):6.2f} s")
    for name, seconds in runs:
        print(f"  notebook {name:<36} {float(seconds):6.2f} s (warm kernel, incl. reset)")
    if runs:
        total = sum(float(s) for _n, s in runs)
        print(f"  one kernel per notebook would pay start+imports {len(runs)} times: "
              f"~{len(runs) * (kernel_seconds + float(imports)):.0f} s of kernel set-up vs {total:.0f} s of notebook work")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--round", default="midterm")
    parser.add_argument("--repeat", type=int, default=3, help="edits per kind (the median is reported)")
    parser.add_argument("--floor-worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.floor_worker:
        floor_worker(args.round)
        return 0
    from vvvanalysis.paths import copy_sources

    with tempfile.TemporaryDirectory(prefix="vvv-bench-") as tmp:
        project = copy_sources(Path(tmp) / "project")
        print(f"Benchmark: round '{args.round}', built-in engine, {os.cpu_count()} cores, load average "
              f"{os.getloadavg()[0]:.1f} at start")
        cold, cold_log = _vvv(project, "render", "--round", args.round, "--engine", "builtin")
        noop, _ = _vvv(project, "render", "--round", args.round, "--engine", "builtin")
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "vvvanalysis.bench", "--round", args.round, "--floor-worker"],
                       cwd=project, env=_env(project), check=True)
        floor = time.perf_counter() - start
        _s, out = _python(project, HTML_ENGINE.format(round=args.round))
        html_engine = float(out.strip())
        engines = None
        if shutil.which("quarto"):   # the staged book Quarto reads is there after the cold render
            _s, out = _python(project, ENGINES.format(round=args.round))
            builtin_s, quarto_s, quarto_version = out.split()
            engines = (float(builtin_s), float(quarto_s), quarto_version)
        prose_runs, data_runs = _measure_preview(project, args.round, args.repeat)
        _profile(project, args.round, cold_log)
        # The load of a shared machine drifts during the run: a second cold render (fresh copy, caches empty)
        # after the preview brackets the edits, and the mean of the two is the reference.
        again = copy_sources(Path(tmp) / "again")
        cold_after, _ = _vvv(again, "render", "--round", args.round, "--engine", "builtin")
    cold_before, cold = cold, (cold + cold_after) / 2
    prose, data = statistics.median(prose_runs), statistics.median(data_runs)
    checks = [
        ("cold render / floor", cold / floor, 2.0, "≤ 2×"),
        ("preview prose edit / HTML-only engine", prose / html_engine, 1.5, "≤ 1.5×"),
        ("preview prose edit / cold", prose / cold, 0.10, "≤ 10 %"),
        ("preview data edit / cold", data / cold, 0.30, "≤ 30 %"),
        ("no-op render / cold", noop / cold, 0.10, "≤ 10 %"),
    ]
    print("\nMeasured (seconds, this run; only the ratios below are targets)")
    print(f"  floor: one process, imports once, all notebooks' code, numbers, html+docx+pdf  {floor:6.1f} s")
    print(f"  cold render, all formats, caches empty (mean of {cold_before:.1f} before, {cold_after:.1f} after)"
          .ljust(78) + f"{cold:6.1f} s")
    print(f"  no-op render                                                                {noop:6.1f} s")
    print(f"  HTML-only engine (median of 3)                                              {html_engine:6.1f} s")
    print(f"  preview prose edit -> served (median of {len(prose_runs)}: "
          f"{', '.join(f'{s:.1f}' for s in prose_runs)})".ljust(78) + f"{prose:6.1f} s")
    print(f"  preview data edit -> served (median of {len(data_runs)}: "
          f"{', '.join(f'{s:.1f}' for s in data_runs)})".ljust(78) + f"{data:6.1f} s")
    if engines:
        print(f"  built-in engine alone, all formats (notebooks executed)                     {engines[0]:6.1f} s")
        print(f"  Quarto {engines[2]} engine alone, all formats, one quarto render".ljust(78) + f"{engines[1]:6.1f} s")
    else:
        print("  Quarto engine: not measured ('quarto' is not on PATH; see README, 'Quarto')")
    print(f"\n  {'ratio':<40} {'measured':>9} {'target':>8}")
    ok = True
    for name, value, target, label in checks:
        met = value <= target
        ok &= met
        shown = f"{value:.0%}" if "%" in label else f"{value:.2f}×"
        print(f"  {name:<40} {shown:>9} {label:>8} {'ok' if met else 'MISSED'}")
    if engines:
        print(f"  {'Quarto engine / built-in engine':<40} {engines[1] / engines[0]:>8.1f}× {'(none)':>8}")
    print("\nall targets met" if ok else "\nsome targets missed (see above)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
