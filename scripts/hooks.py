"""MkDocs hooks: math typeset at build time, a fresh engine, cached results.

- Math is typeset when the site is built, by KaTeX (the npm package
  ``katex``, run with Node.js), so a reader's browser downloads no math
  script: only KaTeX's stylesheet and fonts, which are added to the site
  from ``node_modules/`` in memory (nothing is copied into ``docs/``,
  nothing is fetched from a CDN). A formula KaTeX cannot parse stops the
  build with a message naming the page.
- Under ``mkdocs serve`` the Python process lives across rebuilds; the
  engine's modules are dropped before each build so that an edit to
  ``src/`` shows on the next page load.
- Every lesson that shows code can be downloaded as a notebook, generated
  from the page (``lesson_pages.py``) and linked under its title.
- The Python blocks that markdown-exec runs (training runs, plots, tables)
  are the slow part of a build. Their printed output is cached in
  ``.cache/exec/`` under a hash of everything it depends on: the block's
  code, the code run before it in the same session, the engine's source and
  the versions of the libraries. A block whose output is cached is not run;
  when a later block of its session misses, the session's earlier blocks
  are replayed first so that it sees the state it expects. The executed
  playground notebook is cached by mkdocs-jupyter under the same engine
  hash. Set ``DOCS_CACHE=off`` to run everything, or to a folder to cache
  there instead of ``.cache/``.
- Under ``mkdocs serve``, an edit to the engine would rerun every lesson
  before the page could show it. Instead, pages are built at once with the
  results of the earlier engine, under a note saying so, and a second
  ``mkdocs build`` in the background fills the cache for the new engine;
  when it ends, the server rebuilds from the fresh results (and if that
  build failed, runs what is still missing itself, so that the error shows
  in the server's log). ``mkdocs build`` never uses another engine's
  results.

The site builds without these hooks' cache: it is only an optimisation.
"""

from __future__ import annotations

import ast
import atexit
import hashlib
import importlib.metadata
import importlib.util
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections import defaultdict
from html import escape, unescape
from pathlib import Path

import nbformat
from markdown_exec._internal.formatters import python as exec_python
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.structure.toc import get_toc

log = logging.getLogger("mkdocs.hooks")


def _load(name):
    """A module of scripts/, loaded by path: scripts/ is not a package."""
    path = Path(__file__).resolve().parent / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"_docs_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


lesson_pages = _load("lesson_pages")

ROOT = Path(__file__).resolve().parent.parent
KATEX_DIST = ROOT / "node_modules" / "katex" / "dist"
# What the pages load; fonts are woff2 only, which every current browser
# reads (the stylesheet's other formats are never requested).
KATEX_FILES = ["katex.min.css"]
KATEX_SCRIPT = ROOT / "scripts" / "katex_render.cjs"
# What pymdownx.arithmatex (generic mode) leaves for a typesetter.
MATH = re.compile(r'<(span|div) class="arithmatex">(.*?)</\1>', re.S)
ENGINE_MODULES = ("nanoprop",)
# What a block's output depends on besides its code: the engine's source
# (wherever the imported package lives) and these libraries.
LIBRARIES = ["numpy", "matplotlib", "scikit-learn", "markdown-exec", "torch"]
# Results kept per block (and executed notebooks): one for each of the last
# few versions of the engine.
KEEP_ENGINES = 5


# KaTeX ---------------------------------------------------------------------


def on_config(config):
    missing = [f for f in KATEX_FILES if not (KATEX_DIST / f).is_file()]
    if missing:
        raise PluginError(
            f"KaTeX is not installed: {KATEX_DIST / missing[0]} is missing. "
            "Run `make install` (or `npm ci`) in the project folder."
        )
    _cache.install()
    return config


def on_files(files, config):
    paths = list(KATEX_FILES)
    paths += [f"fonts/{font.name}" for font in sorted(KATEX_DIST.glob("fonts/*.woff2"))]
    for path in paths:
        files.append(
            File.generated(
                config, f"assets/katex/{path}", abs_src_path=str(KATEX_DIST / path)
            )
        )
    _notebooks.clear()
    for page in list(files.documentation_pages()):
        path = Path(page.abs_src_path)
        if page.src_uri == "index.md" or not lesson_pages.wants_notebook(path):
            continue
        try:
            notebook = lesson_pages.to_notebook(path, config.site_url or "/")
        except Exception as error:  # a missing snippet, most likely
            raise PluginError(
                f"docs/{page.src_uri}: cannot make its notebook: {error}"
            ) from error
        uri = f"notebooks/{path.stem}.ipynb"
        files.append(File.generated(config, uri, content=nbformat.writes(notebook)))
        _notebooks[page.src_uri] = uri
    _cache.setup_notebooks(config, files)
    return files


# Each lesson as a notebook -------------------------------------------------

_notebooks = {}  # page -> its notebook, both relative to docs/


def _link_notebook(markdown, page):
    uri = _notebooks.get(page.file.src_uri)
    if uri is None:
        return markdown
    depth = page.file.src_uri.count("/")
    link = (
        f"[Download this lesson as a notebook]({'../' * depth}{uri})"
        f'{{ .notebook-link download="{Path(uri).name}" }}'
    )
    title = re.search(r"^# .*$", markdown, re.M)
    if title is None:
        return f"{link}\n\n{markdown}"
    end = title.end()
    return f"{markdown[:end]}\n\n{link}\n{markdown[end:]}"


# A fresh engine on every build ---------------------------------------------


def on_pre_build(config):
    stale = [name for name in sys.modules if name.split(".")[0] in ENGINE_MODULES]
    for name in stale:
        del sys.modules[name]
    _cache.start_build()


def on_startup(command, dirty):
    _cache.serving = command == "serve"


def on_serve(server, config, builder):
    # A background build that has refreshed stale results touches this
    # folder, and the server rebuilds from the fresh cache.
    if _cache.root is not None:
        _cache.trigger.mkdir(parents=True, exist_ok=True)
        server.watch(str(_cache.trigger))
    return server


def on_pre_page(page, config, files):
    # Under `mkdocs serve`, a notebook that fails shows its error on its
    # page, as a failing block does, instead of stopping the rebuild (which
    # leaves the server waiting). `mkdocs build` still stops.
    if _cache.serving and _runs_as_notebook(page.file, config):
        render = page.render

        def render_or_show_error(config, files):
            try:
                render(config, files)
            except Exception as error:
                text = ANSI.sub("", f"{type(error).__name__}: {error}")
                log.error("docs/%s: the notebook failed: %s", page.file.src_uri, text)
                page.content = NOTEBOOK_ERROR.format(escape(text))
                page.toc = get_toc([])  # what other plugins expect

        page.render = render_or_show_error
    return page


ANSI = re.compile(r"\x1b\[[0-9;]*m")  # colours in a kernel's traceback
NOTEBOOK_ERROR = (
    '<div class="admonition failure"><p class="admonition-title">'
    "This notebook failed to run</p><pre><code>{}</code></pre></div>"
)


def on_page_content(html, page, config, files):
    html = typeset_math(html, page.file.src_uri)
    if page.file.src_uri in _cache.stale_pages:
        html = STALE_NOTE + html
    return html


# Shown under `mkdocs serve` only, on a page whose results were computed by
# an earlier version of the engine while the fresh ones are being computed.
STALE_NOTE = (
    '<div class="admonition info stale-results">'
    '<p class="admonition-title">Results are being recomputed</p>'
    "<p>The engine or a library has changed since the outputs on this page "
    "were computed. "
    "They are being recomputed in the background; the page reloads when they "
    "are ready.</p></div>\n"
)


def typeset_math(html, where):
    found = list(MATH.finditer(html))
    if not found:
        return html
    formulas = []
    for match in found:
        body = unescape(match.group(2)).strip()
        # \( ... \) inline, \[ ... \] on a line of its own
        formulas.append({"tex": body[2:-2].strip(), "display": body.startswith("\\[")})
    rendered = _cache.typeset(formulas, where)
    pieces, start = [], 0
    for match, math in zip(found, rendered):
        tag = match.group(1)
        # The search index keeps the formula as it reads (the HTML part), not
        # its MathML and TeX copies too.
        math = math.replace(
            '<span class="katex-mathml">',
            '<span class="katex-mathml" data-search-exclude>',
            1,
        )
        pieces += [
            html[start : match.start()],
            f'<{tag} class="arithmatex">{math}</{tag}>',
        ]
        start = match.end()
    pieces.append(html[start:])
    return "".join(pieces)


def on_page_markdown(markdown, page, config, files):
    _cache.page = page.file.src_uri
    return _link_notebook(markdown, page)


def on_post_build(config):
    _cache.report()
    if _cache.serving and _cache.stale_pages:
        _cache.refresh_in_background(config)


# Cached results of build-time code -----------------------------------------


class ExecCache:
    def __init__(self):
        self.run = None  # markdown-exec's own runner, once installed
        self.root = self.folder = None
        self.fingerprint = ""
        self.history = defaultdict(list)  # session -> code run so far
        self.replayed = defaultdict(int)  # session -> blocks really run
        self.hits = self.misses = 0
        self.seconds = defaultdict(float)  # page -> time spent running code
        self.page = "?"  # the page being rendered, to name it in errors
        # Under `mkdocs serve`: pages showing results of an earlier engine,
        # the background build refreshing them, and the engine it refreshed.
        self.serving = False
        self.stale_pages = set()
        self.worker = None
        self.worker_fingerprint = self.refreshed = None

    @property
    def trigger(self):
        return self.root / "refreshed"

    def install(self):
        setting = os.environ.get("DOCS_CACHE", str(ROOT / ".cache"))
        self.root = None if setting.lower() in {"off", "0", "no"} else Path(setting)
        self.folder = self.root / "exec" if self.root else None
        if self.run is None:
            self.run = exec_python._run_python
            exec_python._run_python = self.cached_run

    def start_build(self):
        digest = hashlib.sha256(sys.version.encode())
        for name in LIBRARIES:
            try:
                digest.update(f"{name}={importlib.metadata.version(name)}".encode())
            except importlib.metadata.PackageNotFoundError:
                digest.update(f"{name}=none".encode())
        for name in ENGINE_MODULES:
            spec = importlib.util.find_spec(name)
            for folder in spec.submodule_search_locations if spec else []:
                for path in sorted(Path(folder).rglob("*.py")):
                    digest.update(path.name.encode())
                    digest.update(_code_of(path).encode())
        self.fingerprint = digest.hexdigest()[:16]
        package = KATEX_DIST.parent / "package.json"
        self.katex_version = json.loads(package.read_text())["version"]
        self.history.clear()
        self.replayed.clear()
        self.seconds.clear()
        self.stale_pages.clear()
        self.hits = self.misses = 0

    @property
    def may_serve_stale(self):
        """Under `mkdocs serve`, results of an earlier engine are shown (and
        marked) while a background build computes the fresh ones; once it
        has run for this engine, whatever it left stale runs here."""
        return self.serving and self.refreshed != self.fingerprint

    def key(self, code, session, extra):
        """The block's folder in the cache: one file in it per engine."""
        digest = hashlib.sha256()
        for part in [
            session or "",
            *self.history[session],
            code,
            repr(sorted(extra.items())),
        ]:
            digest.update(len(part).to_bytes(8, "little"))
            digest.update(part.encode())
        return digest.hexdigest()

    def cached_run(self, code, returncode=None, session=None, id=None, **extra):  # noqa: A002
        try:
            return self.lookup_or_run(code, returncode, session, id, **extra)
        except Exception:
            # markdown-exec reports the traceback, but not where the block is.
            first = next((line for line in code.splitlines() if line.strip()), "")
            log.warning(
                "docs/%s: a build-time Python block raised (the block starting "
                "%r); its traceback follows",
                self.page,
                first.strip(),
            )
            raise

    def lookup_or_run(self, code, returncode, session, id, **extra):  # noqa: A002
        if self.folder is None:
            return self.run(code, returncode, session, id, **extra)
        entry = self.folder / self.key(code, session, extra)
        path = entry / self.fingerprint
        output = _read(path)
        if output is not None:
            path.touch()  # in use: the last to be evicted
        elif self.may_serve_stale:
            output = _read(self.earlier_result(entry))
            if output is not None:
                self.stale_pages.add(self.page)
        if output is not None:
            self.hits += 1
        else:
            self.misses += 1
            if session:
                # Earlier blocks of this session were served from the cache:
                # run them now so that this block finds their variables.
                for previous in self.history[session][self.replayed[session] :]:
                    self.run(previous, None, session, None)
                self.replayed[session] = len(self.history[session]) + 1
            started = time.perf_counter()
            output = self.run(code, returncode, session, id, **extra)
            seconds = time.perf_counter() - started
            self.seconds[self.page] += seconds
            log.debug("docs/%s: block %s ran for %.2f s", self.page, id, seconds)
            entry.mkdir(parents=True, exist_ok=True)
            # Written whole or not at all: a build in the background may
            # be writing the same result.
            partial = entry / f"{self.fingerprint}.{os.getpid()}.partial"
            partial.write_text(output, encoding="utf-8")
            partial.replace(path)
            # Keep the results of the last few engines: undoing an edit to
            # the engine then finds its results again.
            for old in _newest_first(entry)[KEEP_ENGINES:]:
                old.unlink(missing_ok=True)
        if session:
            self.history[session].append(code)
        return output

    def earlier_result(self, entry):
        """The newest result of this block under another engine, if any."""
        others = (p for p in _newest_first(entry) if p.name != self.fingerprint)
        return next(others, None)

    def setup_notebooks(self, config, files):
        """Put mkdocs-jupyter's cache under the engine's hash too: it keys on
        the notebook alone, and an edit to the engine must rerun it."""
        jupyter = config.plugins.get("mkdocs-jupyter")
        if jupyter is None:
            return
        if self.root is None:
            jupyter.config["cache"] = False
            return
        base = self.root / "mkdocs-jupyter"
        fresh = base / self.fingerprint
        jupyter.config["cache_dir"] = str(fresh)
        # The notebooks of the last few engines only.
        for folder in _newest_first(base)[KEEP_ENGINES:]:
            if folder != fresh:
                shutil.rmtree(folder, ignore_errors=True)
        if not self.may_serve_stale:
            return
        try:
            from mkdocs_jupyter.plugin import _compute_cache_key
        except ImportError:  # another version: no stale notebooks, then
            return
        execute = jupyter.config["execute"]
        names = {
            page: _compute_cache_key(page.abs_src_path, jupyter.config, execute)
            + ".json"
            for page in files.documentation_pages()
            if _runs_as_notebook(page, config)
        }
        missing = [f for f, name in names.items() if not (fresh / name).is_file()]
        if not missing:
            return
        # Only when an earlier engine's folder has every notebook.
        for folder in _newest_first(base):
            if folder == fresh:
                continue
            if all((folder / name).is_file() for name in names.values()):
                jupyter.config["cache_dir"] = str(folder)
                self.stale_pages.update(f.src_uri for f in missing)
                return

    def refresh_in_background(self, config):
        """Build the site once more in another process, to fill the cache
        for the current engine; then make `mkdocs serve` rebuild from it."""
        if self.worker is not None and self.worker.poll() is None:
            if self.worker_fingerprint == self.fingerprint:
                return  # already on it
            old, self.worker = self.worker, None  # so its waiter stays quiet
            old.kill()
            old.wait()
        site = self.root / "refresh-site"  # only the cache is wanted
        log_path = self.root / "refresh.log"
        log_path.parent.mkdir(parents=True, exist_ok=True)
        command = [sys.executable, "-m", "mkdocs", "build", "--quiet"]
        command += ["-f", config.config_file_path, "-d", str(site)]
        env = dict(os.environ, DOCS_CACHE=str(self.root), NO_MKDOCS_2_WARNING="1")
        with log_path.open("w", encoding="utf-8") as output:
            worker = subprocess.Popen(
                command,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                preexec_fn=_die_with_parent,  # noqa: PLW1509
            )
        self.worker, self.worker_fingerprint = worker, self.fingerprint
        atexit.register(worker.kill)  # when the server stops first
        log.info(
            "results on %d page(s) come from an earlier engine: recomputing them "
            "in the background (log: %s)",
            len(self.stale_pages),
            log_path,
        )
        fingerprint = self.fingerprint

        def wait():
            returncode = worker.wait()
            shutil.rmtree(site, ignore_errors=True)
            if self.worker is not worker:  # replaced by a newer one
                return
            self.refreshed = fingerprint
            if returncode != 0:
                log.warning("the background build failed; see %s", log_path)
            self.trigger.mkdir(parents=True, exist_ok=True)
            (self.trigger / "at").write_text(str(time.time()), encoding="utf-8")

        threading.Thread(target=wait, daemon=True).start()

    def typeset(self, formulas, where):
        """KaTeX's HTML for each formula, from the cache or from Node.js."""
        request = json.dumps(formulas, sort_keys=True)
        path = None
        if self.root is not None:
            key = hashlib.sha256((self.katex_version + request).encode()).hexdigest()
            path = self.root / "katex" / key
            if path.is_file():
                return json.loads(path.read_text(encoding="utf-8"))
        try:
            result = subprocess.run(
                ["node", str(KATEX_SCRIPT)],
                input=request,
                capture_output=True,
                text=True,
                cwd=ROOT,
                check=False,
            )
        except FileNotFoundError:
            raise PluginError(
                "Node.js (`node`) is needed to typeset the math"
            ) from None
        if result.returncode != 0:
            raise PluginError(
                f"docs/{where}: KaTeX could not typeset a formula: "
                f"{result.stderr.strip()}"
            )
        output = result.stdout
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(output, encoding="utf-8")
        return json.loads(output)

    def report(self):
        if self.folder is not None and self.hits + self.misses:
            log.info(
                "build-time code: %d blocks from the cache, %d run",
                self.hits,
                self.misses,
            )
        slowest = sorted(self.seconds.items(), key=lambda item: -item[1])
        for page, seconds in slowest[:5]:
            if seconds >= 0.5:
                log.info("build-time code of docs/%s ran for %.1f s", page, seconds)


def _die_with_parent():
    """On Linux, the background build ends when the server does, however
    the server is stopped."""
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _newest_first(folder):
    """What the folder holds (one entry per engine), newest first; files
    still being written are left out."""
    if not folder.is_dir():
        return []
    found = [p for p in folder.iterdir() if p.suffix != ".partial"]
    return sorted(found, key=_mtime, reverse=True)


def _mtime(path):
    try:
        return path.stat().st_mtime
    except FileNotFoundError:  # just removed by another build
        return 0.0


def _runs_as_notebook(file, config):
    """Whether mkdocs-jupyter renders (and runs) this page."""
    jupyter = config.plugins.get("mkdocs-jupyter")
    return jupyter is not None and jupyter.should_include(file)


def _read(path):
    """The text of a cached result, or None (also if another build has
    just replaced it)."""
    try:
        return path.read_text(encoding="utf-8") if path is not None else None
    except FileNotFoundError:
        return None


def _code_of(path):
    """The module's syntax tree: an edit to a comment or to the layout
    changes no result, so it reruns nothing (a docstring still does)."""
    source = path.read_text(encoding="utf-8")
    try:
        return ast.dump(ast.parse(source))
    except SyntaxError:
        return source  # the build will report it when the module is imported


_cache = ExecCache()
