"""A `python -m vvvanalysis` that does not pay for its imports on every call: the tests' `vvv()` (conftest.py).

Most of a short `vvv` command is Python importing pandas, yaml and the package (0.4 of 0.65 CPU-seconds for
`vvv validate`), and the suite runs about two hundred of them. This process imports that stack once and, for each
request, forks: the child is a process of its own (own pid, exit code, stdout and stderr files, working folder and
environment), runs the CLI as `python -m vvvanalysis` would, and exits. Nothing has run in this process but imports,
so no cache or setting of one call reaches the next. (What a fork shares is the interpreter's start: the hash seed
and the start-up environment. A test that depends on those, the determinism test, asks conftest.vvv for a fresh
interpreter.)

Protocol, one JSON line each way per call: request {"args", "cwd", "env", "stdout", "stderr"} (the last two: files
to write); answers {"pid": N} when the child starts, then {"returncode": N} when it ends.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

sys.path.pop(0)   # this script's folder (tests/): `python -m` puts the working folder there instead (below)

# The stack every command loads (a command imports the rest lazily, as it does in a fresh process).
import pandas  # noqa: F401
import yaml  # noqa: F401

import vvvanalysis.cli
import vvvanalysis.data.loader  # noqa: F401
import vvvanalysis.pipeline.run  # noqa: F401

MAIN = str(Path(vvvanalysis.cli.__file__).with_name("__main__.py"))


def _child(request: dict) -> int:
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    stdin = os.open(os.devnull, os.O_RDONLY)   # not the zygote's request pipe
    os.dup2(stdin, 0)
    os.close(stdin)
    for fd, name in ((1, "stdout"), (2, "stderr")):
        target = os.open(request[name], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(target, fd)
        os.close(target)
    sys.argv = [MAIN, *request["args"]]
    sys.path.insert(0, request["cwd"])
    try:
        code = vvvanalysis.cli.main(request["args"])
    except SystemExit as exc:   # argparse's usage errors, as in a fresh process
        code = exc.code
    except BaseException:       # what an uncaught exception does to `python -m`: the traceback, exit 1
        sys.excepthook(*sys.exc_info())
        code = 1
    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    return code


def serve() -> None:
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                code = _child(request)
            finally:
                import atexit

                atexit._run_exitfuncs()   # as the interpreter's exit would (os._exit skips them)
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code & 0xFF)
        print(json.dumps({"pid": pid}), flush=True)
        _, status = os.waitpid(pid, 0)
        print(json.dumps({"returncode": os.waitstatus_to_exitcode(status)}), flush=True)


if __name__ == "__main__":
    serve()
