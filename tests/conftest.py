"""Shared fixtures: throw-away copies of the project or of a round, so tests never touch the working tree.

How the suite stays fast (`make test` runs it on four pytest-xdist workers, `-n 4`):

- **A render is made once per test run**, by whichever worker asks first, and read by every test on both
  workers: `rendered_midterm`, `rendered_final` and the Quarto renders `quarto_midterm`, `quarto_final` (all here)
  are built through `shared()`, which holds a file lock in the run's common temporary folder. A session render
  is READ ONLY: a test that changes, re-renders or writes into a project (even `vvv comments`, which writes
  output/<round>/kommentarer.md) works in `copy_rendered(rendered_x, tmp_path / "p")`, whose next render
  re-runs only what the change touches. A new expensive render that several modules need belongs in
  `shared()` too, never in a second module's own fixture. Each session render is checked at teardown for
  files a test wrote into it.
- **A module's tests run on one worker** (the scheduler below makes each test file one unit of work), so
  module-scoped fixtures are set up once. A module whose tests are independent and each slow (the fault
  suites) sets `XDIST_SPREAD = True` at module level to let its tests go to either worker; its module-scoped
  fixtures must then be cheap. nbval's notebook cells always stay together (one kernel per notebook).
- **A `vvv` command does not pay for its imports**: `vvv()` forks it from a per-worker process that has imported
  pandas, yaml and the package once (tests/vvv_zygote.py; 0.2 instead of 0.85 CPU-seconds for `vvv validate`,
  about a minute and a half of CPU over the suite). The child is still a process of its own, with its own exit
  code, output, working folder and environment; `fresh=True` (or VVV_TEST_FRESH=1) starts a new interpreter.
- Nothing waits on the clock: wait for a condition with a generous deadline (a loaded machine is 5–10x slower
  than an idle one), never sleep a fixed time and assume the work is done.
"""

from __future__ import annotations

import fcntl
import functools
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest

ROOT = Path(__file__).resolve().parents[1]
# The memo the midterm re-creates (ground truth for the verbatim tests): the project's own copy, on every machine.
MEMO = ROOT / "data" / "midterm" / "kilde" / "evalueringsnotat-2021.txt"
def copy_project(dest: Path) -> Path:
    from vvvanalysis.paths import copy_sources

    return copy_sources(dest, ROOT)


def vvv(project: Path, *args: str, check: bool = True, env: dict | None = None,
        fresh: bool = False) -> subprocess.CompletedProcess:
    """`python -m vvvanalysis ARGS` in `project`: a process of its own, forked from this worker's zygote (imports
    paid once, tests/vvv_zygote.py), or with `fresh` a new interpreter (its own hash seed and start-up; every call,
    with VVV_TEST_FRESH=1 in the environment: to rule the zygote out when a test behaves oddly)."""
    environ = dict(os.environ, VVV_ROOT=str(project), SOURCE_DATE_EPOCH="1638230400")
    environ.update(env or {})   # a test may override SOURCE_DATE_EPOCH too
    command = [sys.executable, "-m", "vvvanalysis", *args]
    if fresh or os.environ.get("VVV_TEST_FRESH") == "1":
        proc = subprocess.run(command, cwd=project, env=environ, capture_output=True, text=True,
                              timeout=DEADLINE)
    else:
        proc = _zygote().run(command, project, environ, DEADLINE)
    if check and proc.returncode != 0:
        raise AssertionError(f"vvv {' '.join(args)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc


DEADLINE = 1800   # seconds for one vvv command: a deadline for a loaded machine


class _Zygote:
    """tests/vvv_zygote.py, started once per worker: it forks a child for each `vvv` command."""

    def __init__(self):
        import tempfile

        self.folder = Path(tempfile.mkdtemp(prefix="vvv-zygote-"))
        self.proc = subprocess.Popen([sys.executable, str(Path(__file__).with_name("vvv_zygote.py"))],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT)

    def alive(self) -> bool:
        return self.proc.poll() is None

    def _answer(self, deadline: float) -> dict:
        import select
        import time

        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.proc.stdout], [], [], left)[0]:
                raise TimeoutError
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError(f"the vvv zygote ended (exit {self.proc.wait()})")
            return json.loads(line)

    def run(self, command: list[str], cwd: Path, env: dict, timeout: float) -> subprocess.CompletedProcess:
        import signal
        import time

        out, err = self.folder / "stdout", self.folder / "stderr"
        request = {"args": command[3:], "cwd": str(cwd), "env": env, "stdout": str(out), "stderr": str(err)}
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        deadline = time.monotonic() + timeout
        pid = self._answer(deadline)["pid"]
        try:
            code = self._answer(deadline)["returncode"]
        except TimeoutError:
            os.kill(pid, signal.SIGKILL)
            self._answer(time.monotonic() + 60)
            raise subprocess.TimeoutExpired(command, timeout) from None
        read = lambda path: path.read_text(encoding="utf-8", errors="replace")   # noqa: E731
        return subprocess.CompletedProcess(command, code, read(out), read(err))

    def close(self) -> None:
        self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


_ZYGOTE: list[_Zygote] = []


def _zygote() -> _Zygote:
    if not _ZYGOTE or not _ZYGOTE[0].alive():
        _ZYGOTE[:] = [_Zygote()]
    return _ZYGOTE[0]


def pytest_unconfigure(config):
    for zygote in _ZYGOTE:
        zygote.close()


def shared(tmp_path_factory, name: str, build: Callable[[Path], None]) -> Path:
    """`name`, made once per test run in the folder all xdist workers share, by the first worker that asks for it;
    a worker asking meanwhile waits for it. A build that failed fails every later request with its message
    instead of being tried again. What the build left is recorded (`tree_state`) for `assert_untouched`."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent   # pytest-of-<user>/pytest-N/, the parent of every worker's popen-gwN
    folder, done, failed = root / name, root / f"{name}.done", root / f"{name}.failed"
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if failed.exists():
            pytest.fail(f"the shared fixture {name!r} failed earlier in this run:\n{failed.read_text()}")
        if not done.exists():
            try:
                folder.mkdir()
                build(folder)
            except BaseException as exc:
                failed.write_text(f"{type(exc).__name__}: {exc}")
                raise
            done.write_text(json.dumps(tree_state(folder)))
    return folder


def tree_state(folder: Path) -> dict[str, list[int]]:
    """Size and modification time of every file under folder: enough to see that something wrote into it."""
    return {p.relative_to(folder).as_posix(): [p.stat().st_size, p.stat().st_mtime_ns]
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink()}


def changed_files(before: dict[str, list[int]], folder: Path) -> list[str]:
    after = tree_state(folder)
    return sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))


def assert_untouched(folder: Path) -> None:
    """A session render is shared by every test on every worker: a test that wrote into it would change what the
    tests after it read (and race with a copy being made on the other worker)."""
    changed = changed_files(json.loads(folder.with_name(f"{folder.name}.done").read_text()), folder)
    assert not changed, (f"a test wrote into the shared render {folder.name}/: {changed[:10]}. Work in a copy: "
                         "copy_rendered(rendered_x, tmp_path / 'p') (tests/conftest.py)")


def _render_midterm(folder: Path) -> None:
    project = copy_project(folder)
    first = vvv(project, "render", "--round", "midterm", "--engine", "builtin")
    project.joinpath("first-run.files").write_text(json.dumps(tree_state(project / "_build" / "midterm" / "render")))
    second = vvv(project, "render", "--round", "midterm", "--engine", "builtin")
    project.joinpath("first-run.log").write_text(first.stdout)
    project.joinpath("second-run.log").write_text(second.stdout)


@pytest.fixture(scope="session")
def rendered_midterm(tmp_path_factory):
    """The midterm round rendered once (all formats, built-in engine) in a copy of the project. Read only."""
    project = shared(tmp_path_factory, "project", _render_midterm)
    yield project
    assert_untouched(project)


@pytest.fixture(scope="session")
def rendered_final(tmp_path_factory):
    """The final round (example data) rendered once (all formats, built-in engine) in a copy of the project.
    Read only."""
    project = shared(tmp_path_factory, "project-final",
                     lambda folder: vvv(copy_project(folder), "render", "--round", "final", "--engine", "builtin"))
    yield project
    assert_untouched(project)


def pytest_configure(config):
    """nbval starts a kernel per notebook on TCP ports that jupyter_client picks, releases, and the kernel binds a
    moment later: on a busy machine another process (a render's kernel beside it) can take one in between, and
    the kernel dies before it is ready (jupyter/jupyter_client#154). Its start is tried again on fresh ports, as
    the render's own kernels are (vvvanalysis.pipeline.execute.Kernel)."""
    try:
        import nbval.kernel as nbval_kernel
    except ImportError:
        return
    from vvvanalysis.pipeline.execute import START_ATTEMPTS

    start = nbval_kernel.start_new_kernel

    def start_again_if_it_died(*args, **kwargs):
        for attempt in range(1, START_ATTEMPTS + 1):
            try:
                return start(*args, **kwargs)   # a new KernelManager, so new ports, each time
            except RuntimeError:
                if attempt == START_ATTEMPTS:
                    raise

    nbval_kernel.start_new_kernel = start_again_if_it_died


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """One scheduling unit per test file (module-scoped fixtures are set up once; nbval runs a notebook's cells
    in order on one kernel), except in a module that sets `XDIST_SPREAD = True`: there each test is one unit.
    (Not xdist's loadgroup: with pytest 9.2 its group suffix on the node id is silently lost.)"""
    from xdist.scheduler import LoadScopeScheduling

    class ModuleScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            return nodeid if spreads(config.rootpath / path) else path

    config.option.loadscopereorder = False   # units in collection order: the order below decides who starts what
    return ModuleScheduling(config, log)


# The slowest shared renders, each with the render it starts from: the tests that need them go first, alternating,
# so that one worker renders the midterm (built-in, then Quarto) while the other renders the final, instead of
# one worker waiting for the other's lock at the end of the run.
FIRST = ("quarto_midterm", "quarto_final")


def slowest_first(items: list) -> list:
    lanes = [[item for item in items if FIRST[i] in getattr(item, "fixturenames", ())
              and FIRST[1 - i] not in getattr(item, "fixturenames", ())] for i in (0, 1)]
    first = [item for pair in itertools.zip_longest(*lanes) for item in pair if item is not None]
    chosen = set(map(id, first))
    return first + [item for item in items if id(item) not in chosen]


def pytest_collection_modifyitems(config, items):
    items[:] = slowest_first(items)


@functools.cache
def spreads(module: Path) -> bool:
    return module.suffix == ".py" and re.search(r"^XDIST_SPREAD = True\b", module.read_text(encoding="utf-8"),
                                                 re.M) is not None


# --- Quarto renders (test_quarto_engine, and the HTML layout tests for both engines) -----------------------
NO_QUARTO = ("Quarto is not on PATH: install it with 'bash ../shared/tools/quarto/build-quarto.sh' and put "
             "/opt/quarto/bin on PATH (README, 'Quarto'); .ci/run does this in CI")


def _need_quarto() -> None:
    if shutil.which("quarto") is None:
        pytest.skip(NO_QUARTO)


def _quarto_render(project: Path, round_name: str) -> Path:
    """vvv render --engine quarto, with a stale figure in output/<round>/figurer/ left by an 'earlier render'."""
    figures = project / "output" / round_name / "figurer"
    figures.mkdir(parents=True, exist_ok=True)
    (figures / "figur-fra-en-tidligere-gengivelse.png").write_bytes(b"stale")
    proc = vvv(project, "render", "--round", round_name, "--engine", "quarto")
    (project / "quarto-run.log").write_text(proc.stdout, encoding="utf-8")
    return project


def _executed(project: Path, rendered: Path, round_name: str) -> Path:
    """The session's built-in render already executed the round's notebooks (the cache does not depend on the
    engine): Quarto renders from them instead of running every notebook again."""
    shutil.copytree(rendered / "_build" / round_name, project / "_build" / round_name,
                    ignore=shutil.ignore_patterns("render", "preview"))
    return project


@pytest.fixture(scope="session")
def quarto_midterm(rendered_midterm, tmp_path_factory) -> Path:
    _need_quarto()
    return shared(tmp_path_factory, "quarto-midterm", lambda folder: _quarto_render(
        _executed(copy_project(folder), rendered_midterm, "midterm"), "midterm"))


def _quarto_after_builtin(rendered_final: Path, folder: Path) -> None:
    project = _executed(copy_project(folder), rendered_final, "final")
    shutil.copytree(rendered_final / "output" / "final", project / "output" / "final")
    _quarto_render(project, "final")


@pytest.fixture(scope="session")
def quarto_final(rendered_final, tmp_path_factory) -> Path:
    """final by Quarto, in a copy where the built-in engine rendered first: built-in -> Quarto. That render is the
    session's own (its executed notebooks and its published report are copied, not made again)."""
    _need_quarto()
    return shared(tmp_path_factory, "quarto-final", lambda folder: _quarto_after_builtin(rendered_final, folder))


def copy_rendered(rendered: Path, dest: Path, *rounds: str) -> Path:
    """A copy of a session render's project (sources, _build, output) that a test may change: its next render
    re-runs only what the change touches instead of the whole round. `rounds` adds the build and output of other
    session renders (e.g. rendered_midterm's into a copy of rendered_final), so one project holds both."""
    shutil.copytree(rendered, dest, symlinks=True)
    for other in rounds:
        source = Path(other)
        for part in ("_build", "output"):
            for folder in (source / part).iterdir() if (source / part).is_dir() else []:
                if folder.is_dir() and folder.name in rounds_of(source):
                    shutil.copytree(folder, dest / part / folder.name, symlinks=True, dirs_exist_ok=True)
    return dest


def rounds_of(project: Path) -> set[str]:
    """The rounds a session render rendered: those with a published output folder."""
    return {p.name for p in (project / "output").iterdir() if p.is_dir()} if (project / "output").is_dir() else set()


MIDTERM = ROOT / "data" / "midterm"
QUAL_FIXTURES = Path(__file__).parent / "fixtures" / "qual"


def copy_round(dest: Path, monkeypatch, with_qual: bool = True) -> Path:
    """A copy of data/midterm that a test may damage (qualitative fixtures fill any missing YAML), as
    data/midterm of a throw-away project (a round is a name under data/, so VVV_ROOT points there)."""
    monkeypatch.setenv("VVV_ROOT", str(dest))
    folder = dest / "data" / "midterm"
    shutil.copytree(MIDTERM, folder)
    if with_qual:
        for fixture in QUAL_FIXTURES.glob("*.yaml"):
            if not (folder / fixture.name).exists():
                shutil.copy(fixture, folder)
    return folder


@pytest.fixture
def round_copy(tmp_path, monkeypatch) -> Path:
    return copy_round(tmp_path, monkeypatch)
