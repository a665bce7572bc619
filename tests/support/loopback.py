"""A folder served over HTTP on loopback, for tests of photo links in imports."""

import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves files silently and notes each path asked for in ``hits``."""

    hits: list[str] = []

    def do_GET(self):  # noqa: N802 — the http.server name
        QuietHandler.hits.append(self.path)
        super().do_GET()

    def log_message(self, *args):
        pass


@contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve ``folder`` until the block ends; yields its base URL and clears the hits."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    QuietHandler.hits.clear()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
