"""The preview's web server on its own: who it answers (Host, Origin), what it serves (no path out of the site),
and a taken port (one line, non-zero exit, nothing left running). In-process except the port test."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from process_helpers import processes_of, wait_until_gone
from vvvanalysis.preview.server import Server, State

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def served(tmp_path):
    site = tmp_path / "site"
    (site / "sub").mkdir(parents=True)
    (site / "index.html").write_text("<html><body><h1>Udkast</h1></body></html>", encoding="utf-8")
    (site / "sub" / "page.html").write_text("<html><body>under</body></html>", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("HEMMELIG", encoding="utf-8")
    state = State()
    server = Server(0, state)
    server.start()
    state.publish(site, "index.html")
    try:
        yield server.server_address[1], state
    finally:
        server.stop()


def _get(port: int, path: str, host: str | None = None, origin: str | None = None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Host": host if host is not None else f"127.0.0.1:{port}"}
    if origin is not None:
        headers["Origin"] = origin
    conn.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
    for name, value in headers.items():
        conn.putheader(name, value)
    conn.endheaders()
    response = conn.getresponse()
    body = response.read() if path != "/__vvv/events" or response.status != 200 else response.read(20)
    conn.close()
    return response.status, body


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "[::1]:{port}", "LOCALHOST:{port}"])
def test_local_hosts_get_the_draft(served, host):
    port, _ = served
    status, body = _get(port, "/", host.format(port=port))
    assert status == 200 and b"Udkast" in body and b"__vvv/events" in body


@pytest.mark.parametrize("host", ["evil.example", "evil.example:{port}", "127.0.0.1", "localhost:{other}",
                                  "127.0.0.1.evil.example:{port}", "", "localhost:{port}@evil.example"])
def test_a_foreign_host_gets_403_and_no_draft(served, host):
    """DNS rebinding: a page on evil.example whose name now points at 127.0.0.1 sends Host: evil.example."""
    port, _ = served
    for path in ("/", "/index.html", "/__vvv/state", "/__vvv/events"):
        status, body = _get(port, path, host.format(port=port, other=port + 1))
        assert status == 403, (host, path)
        assert b"Udkast" not in body and b"version" not in body and b"403" in body


def test_the_event_stream_refuses_a_foreign_origin(served):
    port, _ = served
    assert _get(port, "/__vvv/events", origin=f"http://127.0.0.1:{port}")[0] == 200
    assert _get(port, "/__vvv/events")[0] == 200      # same-origin EventSource may send no Origin
    for origin in ("http://evil.example", f"http://evil.example:{port}", "null", f"https://localhost:{port}"):
        status, body = _get(port, "/__vvv/events", origin=origin)
        assert status == 403 and b"data:" not in body, origin
        assert _get(port, "/__vvv/state", origin=origin)[0] == 403


@pytest.mark.parametrize("path", ["/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt",
                                  "/sub/..%2f..%2fsecret.txt", "/%252e%252e/secret.txt", "//../secret.txt",
                                  "/sub/%2e%2e/%2e%2e/secret.txt", "/..%5csecret.txt", "/%00", "/a%00/../../secret.txt",
                                  "/" + "x" * 5000])
def test_no_path_leaves_the_site(served, path):
    port, _ = served
    status, body = _get(port, path)
    assert status == 404 and b"HEMMELIG" not in body, path


def test_the_state_tells_no_build_from_built():
    state = State()
    state.version = 123456   # as the preview sets it at start-up (unique across restarts)
    assert '"built": false' in state.as_json()
    state.publish(Path("/nonexistent"), "index.html")
    assert '"built": true' in state.as_json()


def test_a_taken_port_is_one_line_naming_the_port_and_the_fix(tmp_path):
    from conftest import copy_project

    project = copy_project(tmp_path / "project")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = dict(os.environ, VVV_ROOT=str(project))
        done = subprocess.run([sys.executable, "-m", "vvvanalysis", "preview", "--round", "midterm", "--port", str(port)],
                              cwd=project, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("vvv: error:"), done.stderr
    assert f"port {port}" in lines[0] and "--port" in lines[0] and "internal error" not in lines[0]
    assert "Errno" not in lines[0]
    assert wait_until_gone(project, seconds=60) == [] and processes_of(project) == []
