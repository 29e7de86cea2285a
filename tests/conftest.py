"""Fixtures shared by the site tests: one strict build, served locally."""

from __future__ import annotations

import functools
import http.server
import threading

import pytest

from sitebuild import build, free_port


@pytest.fixture(scope="session")
def site_port():
    return free_port()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, site_port):
    """The whole site, built once from a clean cache, strictly.

    Its ``site_url`` is the address ``served_site`` serves it at, as on the
    hosted site, so that instant navigation works as it does there.
    """
    site = tmp_path_factory.mktemp("site")
    cache = tmp_path_factory.mktemp("cache")
    result = build(site, cache, f"http://127.0.0.1:{site_port}/")
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{result.stderr}")
    return site


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="session")
def served_site(built_site, site_port):
    """The built site on a local port; yields its base URL."""
    handler = functools.partial(QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", site_port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{site_port}/"
    server.shutdown()
    server.server_close()
