"""Fixtures shared by the site tests: one strict build, served locally."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml
from mkdocs.utils.yaml import get_yaml_loader

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def build(site_dir, cache_dir, site_url):
    """Run a strict build as ``make build`` does, into ``site_dir``."""
    env = dict(
        os.environ,
        NO_MKDOCS_2_WARNING="1",
        SITE_URL=site_url,
        DOCS_CACHE=str(cache_dir),
        SOURCE_DATE_EPOCH="1700000000",
    )
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site_dir)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


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


def make_project(tmp_path, pages, nav, src=None):
    """A small site with the project's own settings and the given pages.

    ``pages`` maps a file name under ``docs/`` to its Markdown. The theme,
    Markdown extensions and hooks are those of ``mkdocs.yml``; snippets are
    included from ``src`` (the project's own by default). Returns the path
    of the new ``mkdocs.yml``.
    """
    with open(ROOT / "mkdocs.yml", encoding="utf-8") as handle:
        config = yaml.load(handle, Loader=get_yaml_loader())
    docs = tmp_path / "docs"
    for folder in ("stylesheets", "javascripts"):
        shutil.copytree(ROOT / "docs" / folder, docs / folder)
    for name, text in pages.items():
        (docs / name).write_text(text, encoding="utf-8")
    base = src.parent if src else ROOT
    config["docs_dir"] = str(docs)
    config["site_dir"] = str(tmp_path / "site")
    config["nav"] = nav
    config["hooks"] = [str(ROOT / hook) for hook in config["hooks"]]
    config["watch"] = [str(src or ROOT / "src")]
    config["plugins"] = [
        p
        for p in config["plugins"]
        if not (isinstance(p, dict) and "mkdocstrings" in p)
    ]
    for entry in config["markdown_extensions"]:
        if isinstance(entry, dict) and "pymdownx.snippets" in entry:
            entry["pymdownx.snippets"]["base_path"] = [str(base)]
    path = tmp_path / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path
