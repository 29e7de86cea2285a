"""How long the site takes to build, clean and with nothing changed.

Usage: python scripts/build_times.py   (or: make build-times)

Runs in one go, on this machine: a clean strict build (an empty cache of
build-time results), then a strict build with nothing changed (the cache
filled by the first), and prints both times and their ratio. Then serves a
copy of the project with ``mkdocs serve`` and times how long an edit to a
lesson, and an edit to the engine, take to show on the served page.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build(site, cache):
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DOCS_CACHE=str(cache))
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return time.perf_counter() - start


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def time_until(url, text, limit=300, without=None):
    """Seconds until the page at url shows text (and not the text without)."""
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        page = fetch(url)
        if text in page and (without is None or without not in page):
            return time.perf_counter() - start
        time.sleep(0.1)
    raise TimeoutError(f"{text!r} never appeared at {url}")


def serve_latencies(work, cache):
    """Seconds from an edit to the served page showing it."""
    project = work / "project"
    for name in ("docs", "src", "scripts", "mkdocs.yml"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, project / name)
        else:
            shutil.copy(source, project / name)
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    env = dict(
        os.environ,
        NO_MKDOCS_2_WARNING="1",
        DOCS_CACHE=str(cache),
        PYTHONPATH=str(project / "src"),  # serve the copy of the engine
    )
    port = "8765"
    env["SITE_URL"] = f"http://127.0.0.1:{port}/"  # served at the root
    url = f"http://127.0.0.1:{port}/xor/"
    with open(work / "serve.log", "w") as log:  # noqa: SIM117
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--livereload"]
            + ["--dev-addr", f"127.0.0.1:{port}"],
            cwd=project,
            env=env,
            stdout=log,
            stderr=log,
        )
        try:
            time_until(url, "</html>")
            lesson = project / "docs" / "xor.md"
            lesson.write_text(lesson.read_text() + "\nA fresh sentence.\n")
            after_lesson = time_until(url, "A fresh sentence.")
            # Edits to the engine that the page shows: a comment in
            # dense_forward, which changes no result, then its docstring,
            # after which every block reruns: the page shows the edit at
            # once with the earlier results marked, then the fresh results.
            layers = project / "src" / "nanoprop" / "layers.py"
            text = layers.read_text()
            text = text.replace("# b is added to every row", "# b: every row", 1)
            layers.write_text(text)
            after_comment = time_until(url, "# b: every row")
            layers.write_text(
                text.replace("Weighted sums of one layer", "Edited sums", 1)
            )
            started = time.perf_counter()
            after_engine = time_until(url, "Edited sums")
            time_until(url, "Edited sums", without="stale-results")
            after_results = time.perf_counter() - started
        except TimeoutError:
            raise TimeoutError((work / "serve.log").read_text()[-3000:]) from None
        finally:
            server.terminate()
            server.wait()
    return after_lesson, after_comment, after_engine, after_results


def main():
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        cache = work / "cache"
        clean = build(work / "site", cache)
        rebuild = build(work / "site", cache)
        print(f"clean strict build                 {clean:6.1f} s")
        print(f"no-change rebuild                  {rebuild:6.1f} s")
        print(f"RATIO rebuild/clean                {rebuild / clean:6.2f}")
        lesson, comment, engine, results = serve_latencies(work, cache)
        print(f"serve: lesson edit shows           {lesson:6.1f} s")
        print(f"serve: engine comment edit shows   {comment:6.1f} s")
        print(f"serve: engine code edit shows      {engine:6.1f} s")
        print(f"serve: ... and its fresh results   {results:6.1f} s")


if __name__ == "__main__":
    main()
