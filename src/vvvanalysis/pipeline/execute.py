"""Executes the notebooks of a round with papermill, re-running only those whose inputs changed.

A notebook's inputs are its own file, the package modules it imports (transitively), the environment, its
parameters and the data files it actually read last time (recorded through VVV_READ_LOG, like a compiler's
depfile).

Speed (profile in docs/performance.md): a kernel pays ~1 s to start and ~3 s to import the analysis stack
(seaborn -> scipy.stats the largest), more than most notebooks compute. So the notebooks run on a small pool
of warm kernels, one per core: each kernel starts and imports once, then runs its share of the notebooks
one after another through papermill (papermill stays the executor; it is handed the running kernel). Between
two notebooks the kernel's namespace, figures, matplotlib settings and execution counter are reset, so a
notebook's outputs do not depend on what ran before it in the same kernel.

Kernels are their own process groups (jupyter starts each in a new session); on SIGINT/SIGTERM they are
killed by group, half-written notebooks are dropped, and nothing already in place is touched.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import threading
import time
from contextlib import contextmanager
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


class Interrupted(KeyboardInterrupt):
    """SIGINT or SIGTERM arrived; `signum` decides the exit code (128 + signum)."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


@contextmanager
def signals_interrupt():
    """Turn SIGTERM (and SIGINT) into Interrupted in the main thread, so cleanup code runs for both."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum, _frame):
        raise Interrupted(signum)

    previous = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for s, h in previous.items():
            signal.signal(s, h)


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


def code_hash(notebook: Path) -> str:
    """The package modules this notebook imports, transitively (all of the package if one does not parse:
    the run will then report the syntax error)."""
    from vvvanalysis.pipeline.imports import PACKAGE_DIR, notebook_modules

    try:
        files = sorted(notebook_modules(notebook))
    except (SyntaxError, ValueError, UnicodeDecodeError):
        return package_hash()
    return text_hash(*(f"{p.relative_to(PACKAGE_DIR).as_posix()}={file_hash(p)}" for p in files))


def _key(notebook: Path, parameters: dict) -> str:
    portable = {k: _portable(v) if k == "data_dir" else v for k, v in parameters.items()}
    return text_hash(file_hash(notebook), code_hash(notebook), environment_hash(),
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


# Run once in a fresh kernel: the stack every notebook imports, and matplotlib's settings before any theme,
# taken after a first figure has activated the inline backend (which turns on interactive mode, without which
# figures are not displayed).
WARM_UP = """\
import matplotlib, matplotlib.pyplot
matplotlib.pyplot.figure()
matplotlib.pyplot.close("all")
matplotlib._vvv_pristine_rc = {k: v for k, v in matplotlib.rcParams.items() if k not in ("backend", "interactive")}
import vvvanalysis.notebook, vvvanalysis.style, vvvanalysis.charts
"""

# Run before each notebook: as if the kernel were new, except for the modules already imported. (The backend
# is not restored: an rcParams 'backend' write re-resolves it to agg, and figures would stop being displayed.)
RESET = """\
import os as _os, sys as _sys
_mpl = _sys.modules.get("matplotlib")
if _mpl is not None and hasattr(_mpl, "_vvv_pristine_rc"):
    _sys.modules["matplotlib.pyplot"].close("all")
    _mpl.rcParams.update(_mpl._vvv_pristine_rc)
_os.chdir({cwd!r})
_os.environ[{env!r}] = {log!r}
get_ipython().reset(new_session=True)
"""


START_ATTEMPTS = 3   # a kernel that dies before it is ready is started again on fresh ports


class Kernel:
    """One warm python3 kernel, reused for notebook after notebook."""

    def __init__(self, cwd: Path, log_file: Path, on_start=None):
        self.cwd = cwd
        self.pid, self.killed = None, False
        env = {k: v for k, v in os.environ.items() if k != READ_LOG_ENV}
        env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
        log_file.parent.mkdir(parents=True, exist_ok=True)
        for attempt in range(1, START_ATTEMPTS + 1):
            self._start(env, log_file)
            if attempt == 1 and on_start:   # registered before the slow warm-up, so a signal meanwhile can kill it
                on_start(self)
            try:
                self.run_code(WARM_UP, timeout=300)
                return
            except RuntimeError:
                # jupyter_client picks free ports, releases them and the kernel binds them a moment later: on a
                # busy machine another process can take one in between and the kernel dies at start
                # (jupyter/jupyter_client#154). A new manager picks new ports.
                if self.killed or self.alive() or attempt == START_ATTEMPTS:
                    raise
                self.km.cleanup_resources()

    def _start(self, env: dict, log_file: Path) -> None:
        from jupyter_client.manager import KernelManager

        self.km = KernelManager(kernel_name="python3")
        # nbclient leaves the channels of a kernel it does not own open; track them so each notebook's
        # client is closed after it (a long preview session would otherwise pile up sockets).
        self._clients: list = []
        make_client = self.km.client

        def tracked_client(**kwargs):
            client = make_client(**kwargs)
            self._clients.append(client)
            return client

        self.km.client = tracked_client
        # The kernel logs to its stderr (e.g. a TCP warning); keep that in a log, not the console.
        with open(log_file, "ab") as sink:
            self.km.start_kernel(cwd=str(self.cwd), env=env, stdout=sink, stderr=sink)
        self.pid = self.km.provisioner.pid if self.km.provisioner else None

    def run_code(self, code: str, timeout: float = 120) -> None:
        kc = self.km.client()
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=120)
            reply = kc.execute_interactive(code, silent=True, store_history=False, timeout=timeout,
                                           output_hook=lambda msg: None)
        finally:
            kc.stop_channels()
        if reply["content"].get("status") != "ok":
            content = reply["content"]
            raise RenderError(f"kernel set-up failed: {content.get('ename')}: {content.get('evalue')}")

    def close_clients(self) -> None:
        clients, self._clients = self._clients, []
        for client in clients:
            try:
                if client.channels_running:
                    client.stop_channels()
            except Exception:  # a client of a dead kernel: nothing left to close
                pass

    def alive(self) -> bool:
        try:
            return self.km.is_alive()
        except Exception:  # a kernel torn down half-way counts as dead
            return False

    def kill(self) -> None:
        """Hard stop of the kernel's whole process group: used on signals, never blocks."""
        self.killed = True   # on purpose: not started again
        if self.pid:
            try:
                os.killpg(self.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        try:
            self.km.cleanup_resources()
        except Exception:  # connection files already gone
            pass

    def shutdown(self) -> None:
        try:
            self.km.shutdown_kernel(now=True)
        except Exception:  # already dead
            self.kill()


class KernelPool:
    """Up to `size` warm kernels; the preview keeps one alive across rebuilds, `vvv render` one per run."""

    def __init__(self, size: int, cwd: Path, log_dir: Path):
        self.size, self.cwd, self.log_dir = max(1, size), cwd, log_dir
        self._idle: list[Kernel] = []
        self._all: list[Kernel] = []
        self._lock = threading.Lock()
        self.cancelled = threading.Event()
        self.closed = False

    def acquire(self) -> Kernel:
        with self._lock:
            while self._idle:
                kernel = self._idle.pop()
                if kernel.alive():
                    return kernel
                self._all.remove(kernel)
            slot = len(self._all)
        kernel = Kernel(self.cwd, self.log_dir / f".kernel-{slot}.log", on_start=self._register)
        if self.cancelled.is_set():   # a signal arrived while this kernel was starting
            kernel.kill()
            raise RenderError("interrupted")
        return kernel

    def _register(self, kernel: Kernel) -> None:
        with self._lock:
            self._all.append(kernel)
            if not self.closed:
                return
        kernel.kill()   # the pool was closed or killed while this kernel started

    def warm(self) -> None:
        """Start kernels up to `size` in the background, so the next run finds them ready (the preview)."""
        def start(slot: int) -> None:
            try:
                kernel = Kernel(self.cwd, self.log_dir / f".kernel-w{slot}.log", on_start=self._register)
            except Exception:   # a kernel that cannot start is reported when a notebook needs it
                return
            with self._lock:
                if not self.closed and kernel in self._all:
                    self._idle.append(kernel)
                    return
            kernel.shutdown()   # the pool was closed meanwhile: no kernel may outlive it

        with self._lock:
            missing = self.size - len(self._all)
        for slot in range(max(0, missing)):
            threading.Thread(target=start, args=(slot,), daemon=True, name=f"vvv-warm-{slot}").start()

    def release(self, kernel: Kernel, healthy: bool = True) -> None:
        with self._lock:
            if healthy and kernel.alive() and len(self._idle) < self.size:
                self._idle.append(kernel)
                return
            if kernel in self._all:
                self._all.remove(kernel)
        kernel.shutdown()

    def idle_count(self) -> int:
        with self._lock:
            return len(self._idle)

    def pids(self) -> list[int]:
        with self._lock:
            return [k.pid for k in self._all if k.pid]

    def reopen(self) -> None:
        with self._lock:
            self.closed = False
        self.cancelled.clear()

    def kill(self) -> None:
        self.cancelled.set()
        with self._lock:
            self.closed = True
            kernels, self._all, self._idle = list(self._all), [], []
        for kernel in kernels:
            kernel.kill()

    def shutdown(self) -> None:
        with self._lock:
            self.closed = True
            kernels, self._all, self._idle = list(self._all), [], []
        for kernel in kernels:
            kernel.shutdown()


def _run_one(kernel: Kernel, nb: Path, out: Path, parameters: dict, cancelled: threading.Event) -> NotebookRun:
    """One notebook on a warm kernel: output written beside, then moved into place (never half-written)."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    out.mkdir(parents=True, exist_ok=True)
    tmp = out / f".{nb.stem}.running.ipynb"
    log = out / f".{nb.stem}.reads"
    log.unlink(missing_ok=True)
    start = time.perf_counter()
    kernel.run_code(RESET.format(cwd=str(nb.parent), env=READ_LOG_ENV, log=str(log)))
    try:
        try:
            # No save after every cell: that rewrites the whole notebook, figures included, ~20 times.
            papermill.execute_notebook(str(nb), str(tmp), parameters=parameters, kernel_name="python3",
                                       km=kernel.km, progress_bar=False, log_output=False,
                                       request_save_on_cell_execute=False)
        finally:
            kernel.close_clients()
    except PapermillExecutionError as exc:
        if cancelled.is_set():
            tmp.unlink(missing_ok=True)
            raise RenderError("interrupted") from None
        failed = out / "failed" / nb.name
        failed.parent.mkdir(exist_ok=True)
        os.replace(tmp, failed)
        if exc.ename in USER_ERRORS:  # bad data found by an indicator: its own message names file and fix
            raise RenderError(f"notebook {nb.name}, cell {exc.exec_count}: {exc.evalue}") from None
        raise RenderError(f"notebook {nb.name} failed in cell {exc.exec_count}: {exc.ename}: {exc.evalue}",
                          file=nb, hint=f"open {failed} to see the failing cell") from None
    except Exception as exc:  # kernel died, bad JSON, missing kernel: all one message
        tmp.unlink(missing_ok=True)
        if cancelled.is_set():
            raise RenderError("interrupted") from None
        raise RenderError(f"notebook {nb.name} could not run: {type(exc).__name__}: {exc}", file=nb) from None
    reads = read_log(log)
    log.unlink(missing_ok=True)
    _check_outputs(tmp, nb)
    if cancelled.is_set():   # a signal arrived meanwhile: leave the last good output as it was
        tmp.unlink(missing_ok=True)
        raise RenderError("interrupted")
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


NOTEBOOKS_PER_KERNEL = 3   # a kernel's start and imports (~4 s CPU) cost about three notebooks' own work


def _default_jobs(jobs: int) -> int:
    if jobs < 0:
        raise RenderError(f"--jobs must be 0 (one per core) or more, not {jobs}", hint="pass --jobs 0, 1 or 2")
    return jobs or os.cpu_count() or 1


def _kernels(jobs: int, notebooks: int) -> int:
    """How many kernels start for `notebooks`: --jobs N asks for N; by default one per core, but another kernel
    only for every three notebooks: re-running one or two (a data edit) does not pay a second start for a
    second or so of work. (The preview's warm pool is one per core: it starts once.)"""
    size = _default_jobs(jobs)
    return min(size, notebooks) if jobs else max(1, min(size, notebooks // NOTEBOOKS_PER_KERNEL))


def execute_round(round_name: str, notebook_dir: Path, out_dir: Path, data_dir: Path, *, jobs: int = 0,
                  force: bool = False, progress=None, only: set[str] | None = None,
                  pool: KernelPool | None = None) -> list[NotebookRun]:
    """Run the round's notebooks (all, or the names in `only`: those the round's book embeds).

    `progress` gets one line per notebook as it finishes, with its time and the time since the start.
    A `pool` passed in stays warm for the caller (the preview); otherwise one is made and shut down here.
    """
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
        own_pool = pool is None
        pool = pool or KernelPool(_kernels(jobs, len(todo)), notebook_dir, out_dir)
        pool.reopen()
        try:
            errors = _run_all(pool, todo, out_dir, parameters, results, progress)
        except BaseException:   # Interrupted (a signal) or a bug: no kernel may outlive us
            pool.kill()
            deadline = time.monotonic() + 2.0   # a kernel still starting registers itself, then is killed
            while time.monotonic() < deadline and any(t.is_alive() for t in threading.enumerate()
                                                      if t.name.startswith("vvv-kernel-")):
                time.sleep(0.05)
                pool.kill()
            for nb in todo:
                (out_dir / f".{nb.stem}.running.ipynb").unlink(missing_ok=True)
            raise
        finally:
            if own_pool:
                pool.shutdown()
        for nb in todo:   # in a fixed order, so the first failure reported is always the same one
            if nb.name in errors:
                raise errors[nb.name]
    return [results[nb.name] for nb in notebooks]


def _run_all(pool: KernelPool, todo: list[Path], out_dir: Path, parameters: dict, results: dict,
             progress) -> dict[str, Exception]:
    """Workers (threads, each driving one kernel) take notebooks from a queue; the main thread reports
    each one as it finishes and stays responsive to signals."""
    work: queue.Queue = queue.Queue()
    for nb in todo:
        work.put(nb)
    done: queue.Queue = queue.Queue()
    start = time.perf_counter()

    def worker():
        kernel = None
        try:
            while not pool.cancelled.is_set():
                try:
                    nb = work.get_nowait()
                except queue.Empty:
                    break
                try:
                    if kernel is None:
                        kernel = pool.acquire()
                        if progress:   # a cold kernel takes seconds: say so, a long render is never silent
                            progress(f"kernel ready (started, analysis stack imported) "
                                     f"[{time.perf_counter() - start:.1f} s since start]")
                    done.put((nb, _run_one(kernel, nb, out_dir, parameters, pool.cancelled)))
                except Exception as exc:  # reported by the main thread; a failed kernel is replaced
                    if kernel is not None and not kernel.alive():
                        pool.release(kernel, healthy=False)
                        kernel = None
                    done.put((nb, exc))
        finally:
            if kernel is not None and not pool.cancelled.is_set():
                pool.release(kernel)

    threads = [threading.Thread(target=worker, daemon=True, name=f"vvv-kernel-{i}")
               for i in range(min(pool.size, len(todo)))]
    for thread in threads:
        thread.start()
    errors: dict[str, Exception] = {}
    for finished in range(1, len(todo) + 1):
        while True:
            try:
                nb, result = done.get(timeout=0.25)   # a short wait, so a signal handler runs promptly
                break
            except queue.Empty:
                continue
        if isinstance(result, Exception):
            errors[nb.name] = result
            if progress:
                progress(f"failed {nb.name} [{finished}/{len(todo)}, {time.perf_counter() - start:.1f} s since start]")
        else:
            results[nb.name] = result
            if progress:
                progress(f"ran {nb.name} ({result.seconds:.1f} s) [{finished}/{len(todo)}, "
                         f"{time.perf_counter() - start:.1f} s since start]")
    for thread in threads:
        thread.join()
    return errors
