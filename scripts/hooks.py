"""MkDocs hooks: serve KaTeX from node_modules and keep the engine fresh.

- KaTeX, the math typesetter, is the npm package ``katex``. Its files are
  added to the site from ``node_modules/`` in memory, so nothing is copied
  into ``docs/`` and nothing is fetched from a CDN.
- Under ``mkdocs serve`` the Python process lives across rebuilds; the
  engine's modules are dropped before each build so that an edit to
  ``src/`` shows on the next page load.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

log = logging.getLogger("mkdocs.hooks")

ROOT = Path(__file__).resolve().parent.parent
KATEX_DIST = ROOT / "node_modules" / "katex" / "dist"
# What the pages load; fonts are woff2 only, which every current browser
# reads (the stylesheet's other formats are never requested).
KATEX_FILES = ["katex.min.css", "katex.min.js", "contrib/auto-render.min.js"]
ENGINE_MODULES = ("nanoprop",)


def on_config(config):
    missing = [f for f in KATEX_FILES if not (KATEX_DIST / f).is_file()]
    if missing:
        raise PluginError(
            f"KaTeX is not installed: {KATEX_DIST / missing[0]} is missing. "
            "Run `make install` (or `npm ci`) in the project folder."
        )
    return config


def on_pre_build(config):
    stale = [
        name
        for name in sys.modules
        if name.split(".")[0] in ENGINE_MODULES
    ]
    for name in stale:
        del sys.modules[name]
    if stale:
        log.debug("dropped %d cached engine modules", len(stale))


def on_files(files, config):
    paths = list(KATEX_FILES)
    paths += [
        f"fonts/{font.name}" for font in sorted(KATEX_DIST.glob("fonts/*.woff2"))
    ]
    for path in paths:
        files.append(
            File.generated(
                config,
                f"assets/katex/{path}",
                abs_src_path=str(KATEX_DIST / path),
            )
        )
    return files
