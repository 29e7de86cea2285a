"""Helpers for the site tests: build the site, or a small one, locally."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import yaml
from mkdocs.utils.yaml import get_yaml_loader

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def strict_build(*args, **env):
    """``mkdocs build --strict`` with ``args``, in a fresh process, with the
    environment variables ``env`` added; returns the finished process."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", *args],
        cwd=ROOT,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1", **env),
        capture_output=True,
        text=True,
    )


def build(site_dir, cache_dir, site_url):
    """Run a strict build as ``make build`` does, into ``site_dir``."""
    return strict_build(
        "-d",
        str(site_dir),
        SITE_URL=site_url,
        DOCS_CACHE=str(cache_dir),
        SOURCE_DATE_EPOCH="1700000000",
    )


def make_project(tmp_path, pages, nav, src=None):
    """A small site with the project's own settings and the given pages.

    ``pages`` maps a file name under ``docs/`` to its Markdown. The theme,
    Markdown extensions, plugins and hooks are those of ``mkdocs.yml``;
    snippets and the API reference come from ``src`` (the project's own by
    default). Returns the path of the new ``mkdocs.yml``.
    """
    with open(ROOT / "mkdocs.yml", encoding="utf-8") as handle:
        config = yaml.load(handle, Loader=get_yaml_loader())
    docs = tmp_path / "docs"
    for folder in ("stylesheets",):
        shutil.copytree(ROOT / "docs" / folder, docs / folder)
    for name, text in pages.items():
        (docs / name).write_text(text, encoding="utf-8")
    src = src or ROOT / "src"
    config["docs_dir"] = str(docs)
    config["site_dir"] = str(tmp_path / "site")
    config["nav"] = nav
    config["hooks"] = [str(ROOT / hook) for hook in config["hooks"]]
    config["watch"] = [str(src)]
    for entry in config["plugins"]:
        if isinstance(entry, dict) and "mkdocstrings" in entry:
            entry["mkdocstrings"]["handlers"]["python"]["paths"] = [str(src)]
    for entry in config["markdown_extensions"]:
        if isinstance(entry, dict) and "pymdownx.snippets" in entry:
            entry["pymdownx.snippets"]["base_path"] = [str(src.parent)]
    path = tmp_path / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path
