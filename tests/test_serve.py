"""Under ``mkdocs serve``, edits to a lesson and to the engine show.

The server runs on a copy of the engine, which the test edits: the page's
build-time block must print the edited module, not a stale one kept from
the first build (nor an output cached from it).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import pytest

from build_times import fetch  # scripts/, on pytest's path
from sitebuild import ROOT, free_port, make_project

PAGE = """# Probe

The page says: {words}.

```python exec="on"
import nanoprop
print("The engine says:", nanoprop.__doc__.splitlines()[0])
```
"""


def wait_for(url, text, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in fetch(url):
            return True
        time.sleep(0.25)
    return False


@pytest.fixture
def served_copy(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOT / "src" / "nanoprop", src / "nanoprop")
    pages = {"index.md": PAGE.format(words="first words")}
    config = make_project(tmp_path, pages, [{"Probe": "index.md"}], src=src)
    port = free_port()
    env = dict(
        os.environ,
        NO_MKDOCS_2_WARNING="1",
        PYTHONPATH=str(src),  # the copy of the engine comes first
        DOCS_CACHE=str(tmp_path / "cache"),
    )
    log = tmp_path / "serve.log"
    log_file = log.open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(config)]
        + ["--dev-addr", f"127.0.0.1:{port}", "--livereload"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log_file,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        if not wait_for(url, "first words", 60):
            server.kill()
            pytest.fail(f"mkdocs serve did not start:\n{log.read_text()}")
        yield url, tmp_path
    finally:
        server.terminate()
        server.wait(timeout=10)
        log_file.close()


def test_edits_to_lessons_and_engine_show(served_copy):
    url, project = served_copy
    init = project / "src" / "nanoprop" / "__init__.py"
    first_line = init.read_text(encoding="utf-8").split('"""')[1].splitlines()[0]
    assert first_line in fetch(url)

    page = project / "docs" / "index.md"
    page.write_text(PAGE.format(words="edited words"), encoding="utf-8")
    assert wait_for(url, "edited words", 30), "the edited lesson never showed"

    text = init.read_text(encoding="utf-8")
    init.write_text(text.replace(first_line, "an edited engine", 1), encoding="utf-8")
    assert wait_for(url, "The engine says: an edited engine", 30), (
        "the page still shows the engine as it was before the edit"
    )
