"""Executes the notebooks of a round with papermill, re-running only those whose inputs changed.

A notebook's inputs are its own file, the package code, the environment, its parameters and the data
files it actually read last time (recorded through VVV_READ_LOG, like a compiler's depfile).
Independent notebooks run in parallel, one kernel per core.
"""

from __future__ import annotations

import json
import os
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from vvvanalysis.errors import RenderError
from vvvanalysis.pipeline.fingerprint import environment_hash, file_hash, package_hash, text_hash
from vvvanalysis.tracking import ENV as READ_LOG_ENV
from vvvanalysis.tracking import read_log


@dataclass
class NotebookRun:
    name: str
    status: str          # "ran" or "reused"
    seconds: float = 0.0
    reads: list[str] = field(default_factory=list)


USER_ERRORS = {"VVVError", "DataError", "ConfigError", "RenderError"}


def discover(notebook_dir: Path) -> list[Path]:
    return sorted(p for p in notebook_dir.glob("*.ipynb") if not p.name.startswith("_"))


def _portable(path: str | Path) -> str:
    """A path inside the project as relative to its root: a copied or moved project keeps its cache."""
    from vvvanalysis.paths import project_root

    p = Path(path)
    try:
        return p.resolve().relative_to(project_root()).as_posix()
    except ValueError:
        return str(p)


def _key(notebook: Path, parameters: dict) -> str:
    portable = {k: _portable(v) if k == "data_dir" else v for k, v in parameters.items()}
    return text_hash(file_hash(notebook), package_hash(), environment_hash(),
                     json.dumps(portable, sort_keys=True))


def _stamp_path(out_dir: Path, notebook: Path) -> Path:
    return out_dir / f"{notebook.stem}.stamp.json"


def is_fresh(notebook: Path, out_dir: Path, parameters: dict) -> bool:
    stamp_file = _stamp_path(out_dir, notebook)
    if not stamp_file.exists() or not (out_dir / notebook.name).exists():
        return False
    try:
        stamp = json.loads(stamp_file.read_text(encoding="utf-8"))
    except json.JSONDecodeError:
        return False
    if stamp.get("key") != _key(notebook, parameters):
        return False
    from vvvanalysis.paths import project_root

    for path, digest in stamp.get("reads", {}).items():
        full = project_root() / path   # an absolute path stays absolute
        if not full.exists() or file_hash(full) != digest:
            return False
    return True


def _run_one(notebook: str, out_dir: str, parameters: dict) -> NotebookRun:
    """Runs in a worker process: one kernel, output written beside, then moved into place."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    nb, out = Path(notebook), Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    tmp = out / f".{nb.stem}.running.ipynb"
    log = out / f".{nb.stem}.reads"
    log.unlink(missing_ok=True)
    os.environ[READ_LOG_ENV] = str(log)
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    start = time.perf_counter()
    # The kernel logs to this process's stderr (e.g. a TCP warning); keep it in a log, not the console.
    kernel_log = out / f".{nb.stem}.kernel.log"
    saved = os.dup(2)
    with open(kernel_log, "w") as sink:
        os.dup2(sink.fileno(), 2)
        try:
            papermill.execute_notebook(str(nb), str(tmp), parameters=parameters, kernel_name="python3",
                                       cwd=str(nb.parent), progress_bar=False, log_output=False)
        except PapermillExecutionError as exc:
            failed = out / "failed" / nb.name
            failed.parent.mkdir(exist_ok=True)
            os.replace(tmp, failed)
            if exc.ename in USER_ERRORS:  # bad data found by an indicator: its own message names file and fix
                raise RenderError(f"notebook {nb.name}, cell {exc.exec_count}: {exc.evalue}") from None
            raise RenderError(f"notebook {nb.name} failed in cell {exc.exec_count}: {exc.ename}: {exc.evalue}",
                              file=nb, hint=f"open {failed} to see the failing cell") from None
        except Exception as exc:  # kernel died, bad JSON, missing kernel: all one message
            tmp.unlink(missing_ok=True)
            raise RenderError(f"notebook {nb.name} could not run: {type(exc).__name__}: {exc}", file=nb) from None
        finally:
            os.dup2(saved, 2)
            os.close(saved)
    reads = read_log(log)
    log.unlink(missing_ok=True)
    _check_outputs(tmp, nb)
    os.replace(tmp, out / nb.name)
    stamp = {"key": _key(nb, parameters), "reads": {_portable(p): file_hash(Path(p)) for p in reads}}
    _stamp_path(out, nb).write_text(json.dumps(stamp, indent=1, sort_keys=True), encoding="utf-8")
    return NotebookRun(nb.name, "ran", time.perf_counter() - start, reads)


def _check_outputs(executed: Path, source: Path) -> None:
    """A labelled cell without output would embed nothing (e.g. matplotlib.use('agg')): fail loudly."""
    from vvvanalysis.render.shortcodes import cell_options

    cells = json.loads(executed.read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        label = cell_options(cell).get("label") if cell.get("cell_type") == "code" else None
        if label and not any(o.get("output_type") in {"display_data", "execute_result"} for o in cell.get("outputs", [])):
            executed.unlink(missing_ok=True)
            raise RenderError(f"cell '{label}' of {source.name} produced no output to embed", file=source,
                              hint="make the cell display its figure or table")


def execute_round(round_name: str, notebook_dir: Path, out_dir: Path, data_dir: Path, *, jobs: int = 0,
                  force: bool = False, progress=None, only: set[str] | None = None) -> list[NotebookRun]:
    """Run the round's notebooks (all, or the names in `only`: those the round's book embeds)."""
    notebooks = [nb for nb in discover(notebook_dir) if only is None or nb.name in only]
    if not notebooks:
        raise RenderError("no notebooks found", file=notebook_dir)
    parameters = {"round_name": round_name, "data_dir": str(data_dir)}
    results: dict[str, NotebookRun] = {}
    todo = []
    for nb in notebooks:
        if not force and is_fresh(nb, out_dir, parameters):
            results[nb.name] = NotebookRun(nb.name, "reused")
            if progress:
                progress(f"reused {nb.name}")
        else:
            todo.append(nb)
    if todo:
        # Always in worker processes: each kernel's stderr is redirected there, never in the caller.
        with ProcessPoolExecutor(max_workers=min(len(todo), jobs or os.cpu_count() or 1)) as pool:
            futures = {nb.name: pool.submit(_run_one, str(nb), str(out_dir), parameters) for nb in todo}
            for name, future in futures.items():
                results[name] = future.result()
                if progress:
                    progress(f"ran {name} ({results[name].seconds:.1f} s)")
    return [results[nb.name] for nb in notebooks]
