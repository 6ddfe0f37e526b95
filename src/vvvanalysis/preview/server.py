"""The preview's local web server: the last good HTML, a live-reload script and an error banner.

Only 127.0.0.1 is served, and only to requests that name it: a Host other than localhost, 127.0.0.1 or [::1]
(with the server's port) gets 403, so a web page that rebinds its own domain name to 127.0.0.1 (DNS rebinding)
cannot read the unpublished draft; the live-reload stream also refuses a foreign Origin. The script (below) is added to the page as it is served, never to a file on disk, so
published output never contains it. It listens on /__vvv/events (server-sent events) and, when a new version
is built, stores the scroll position, reloads and scrolls back; when a build fails it shows the one-line
error in a banner over the last good page.
"""

from __future__ import annotations

import errno
import html
import json
import mimetypes
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from vvvanalysis.errors import VVVError

LOCAL_NAMES = ("localhost", "127.0.0.1", "[::1]")
FORBIDDEN_PAGE = (b"<!DOCTYPE html><html lang='da'><head><meta charset='utf-8'><title>403</title></head><body>"
                  b"<p>403: the vvv preview answers only requests to localhost, 127.0.0.1 or [::1].</p></body></html>")

SCRIPT = """
<div id="vvv-preview-banner" role="alert" style="position:fixed;top:0;left:0;right:0;z-index:99999;
 background:#9b1c1c;color:#fff;font:14px/1.4 sans-serif;padding:8px 12px;white-space:pre-wrap;
 display:%(display)s">%(error)s</div>
<script>
(function () {
  var version = %(version)d, key = "vvv-preview-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) { sessionStorage.removeItem(key);
    window.addEventListener("load", function () { window.scrollTo(0, parseFloat(saved)); }); }
  var banner = document.getElementById("vvv-preview-banner");
  var events = new EventSource("/__vvv/events");
  events.onmessage = function (e) {
    var state = JSON.parse(e.data);
    if (state.version !== version) {
      sessionStorage.setItem(key, String(window.scrollY)); location.reload(); return;
    }
    banner.textContent = state.error || ""; banner.style.display = state.error ? "block" : "none";
  };
})();
</script>
"""


class State:
    """What is being served: the site folder, the page to open, a version number and the last error."""

    def __init__(self):
        self.site: Path | None = None
        self.index = "index.html"
        self.version = 0
        self.built = False      # True once a first build is served: the version alone is non-zero from the start
        self.error: str | None = None
        self.building = False
        self.warm_kernels = lambda: 0   # set by the preview: how many idle kernels are ready (for make bench)
        self.changed = threading.Condition()

    def publish(self, site: Path, index: str) -> None:
        with self.changed:
            self.site, self.index, self.error = site, index, None
            self.version += 1
            self.built = True
            self.changed.notify_all()

    def fail(self, message: str) -> None:
        with self.changed:
            self.error = message
            self.changed.notify_all()

    def as_json(self) -> str:
        return json.dumps({"version": self.version, "built": self.built, "error": self.error,
                           "building": self.building,
                           "warm_kernels": self.warm_kernels()})


def allowed_hosts(port: int) -> set[str]:
    """The Host values a browser sends for this server: a local name with the port (bare on port 80)."""
    hosts = {f"{name}:{port}" for name in LOCAL_NAMES}
    return hosts | set(LOCAL_NAMES) if port == 80 else hosts


def _handler(state: State):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):   # one terminal line per build, not per request
            pass

        def _local(self) -> bool:
            allowed = allowed_hosts(self.server.server_address[1])
            if (self.headers.get("Host") or "").strip().lower() not in allowed:
                return False
            # A browser sends Origin on cross-origin requests; the live-reload stream answers only our own pages.
            origin = self.headers.get("Origin")
            if urlsplit(self.path).path.startswith("/__vvv/") and origin is not None:
                parts = urlsplit(origin.strip().lower())
                return parts.scheme == "http" and parts.netloc in allowed
            return True

        def do_GET(self):
            if not self._local():
                return self._send(HTTPStatus.FORBIDDEN, "text/html; charset=utf-8", FORBIDDEN_PAGE)
            path = unquote(urlsplit(self.path).path)
            if path == "/__vvv/events":
                return self._events()
            if path == "/__vvv/state":
                return self._send(HTTPStatus.OK, "application/json", state.as_json().encode())
            with state.changed:
                site, index, version, error = state.site, state.index, state.version, state.error
            if site is None:
                body = f"<!DOCTYPE html><html lang='da'><body><p>Bygger rapporten …</p>{_script(version, error)}</body></html>"
                return self._send(HTTPStatus.OK, "text/html; charset=utf-8", body.encode())
            try:   # a decoded path may hold '..', a NUL or a name too long: all of them are simply not found
                target = (site / (path.lstrip("/") or index)).resolve()
                if target.is_dir():
                    target = target / "index.html"
                found = target.is_relative_to(site.resolve()) and target.is_file()
            except (OSError, ValueError):
                found = False
            if not found:
                return self._send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", b"not found")
            data = target.read_bytes()
            kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            if target.suffix == ".html":
                data = inject(data.decode("utf-8"), version, error).encode("utf-8")
                kind = "text/html; charset=utf-8"
            self._send(HTTPStatus.OK, kind, data)

        def _send(self, status, kind: str, data: bytes):
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(data)

        def _events(self):
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            last = None
            try:
                self.wfile.write(b"retry: 500\n\n")
                while not getattr(self.server, "stopping", False):
                    with state.changed:
                        current = state.as_json()
                        if current == last:
                            state.changed.wait(timeout=10)
                            current = state.as_json()
                    if current != last:
                        self.wfile.write(f"data: {current}\n\n".encode())
                        last = current
                    else:
                        self.wfile.write(b": keep-alive\n\n")
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                pass

    return Handler


def _script(version: int, error: str | None) -> str:
    return SCRIPT % {"version": version, "error": html.escape(error or ""), "display": "block" if error else "none"}


def inject(page: str, version: int, error: str | None) -> str:
    """The served page = the built page + the preview script before </body> (the file stays as built)."""
    script = _script(version, error)
    at = page.rfind("</body>")
    return page + script if at < 0 else page[:at] + script + page[at:]


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, port: int, state: State):
        self.stopping = False
        try:
            super().__init__(("127.0.0.1", port), _handler(state))
        except OSError as exc:
            if exc.errno in (errno.EADDRINUSE, errno.EACCES):
                taken = "is already in use" if exc.errno == errno.EADDRINUSE else "may not be used by this user"
                raise VVVError(f"port {port} on 127.0.0.1 {taken}",
                               hint=f"stop the other preview, or pass another port: --port {port + 1}"
                                    " (or --port 0 for any free port)") from None
            raise
        self.state = state

    def start(self) -> threading.Thread:
        thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True,
                                  name="vvv-preview-server")
        thread.start()
        return thread

    def stop(self) -> None:
        self.stopping = True
        with self.state.changed:
            self.state.changed.notify_all()
        self.shutdown()
        self.server_close()
