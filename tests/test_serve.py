"""Under ``mkdocs serve``, edits to a lesson and to the engine show.

The server runs on a copy of the engine, which the test edits: the page's
build-time block must end up printing the edited module, not a stale one
kept from the first build (nor an output cached from it). In between, the
page may show the earlier output, marked as being recomputed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from urllib.parse import urlsplit

import nbformat
import pytest
import yaml

from build_times import fetch  # scripts/, on pytest's path
from sitebuild import ROOT, free_port, make_project

PAGE = """# Probe

The page says: {words}.

```python exec="on"
import nanoprop
print("The engine says:", nanoprop.__doc__.splitlines()[0])
```
"""

# The same probe as a notebook, which mkdocs-jupyter runs at every build.
NOTEBOOK = nbformat.writes(
    nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                "import nanoprop\n"
                'print("The notebook says:", nanoprop.__doc__.splitlines()[0])'
            )
        ],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}},
    )
)

STALE = "stale-results"  # the class of the note on a page being recomputed


def wait_until(read, text, seconds, seen=None):
    """Whether read() returns something holding text within the time; what
    it returns on the way is added to the list seen."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        content = read()
        if seen is not None:
            seen.append(content)
        if text in content:
            return True
        time.sleep(0.2)
    return False


def wait_for(url, text, seconds, seen=None):
    """Whether the served page shows text within the time."""
    return wait_until(lambda: fetch(url), text, seconds, seen)


def wait_for_log(log, text, seconds):
    return wait_until(log.read_text, text, seconds)


@pytest.fixture
def served_copy(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOT / "src" / "nanoprop", src / "nanoprop")
    pages = {"index.md": PAGE.format(words="first words")}
    pages["playground.ipynb"] = NOTEBOOK  # mkdocs.yml includes this name
    nav = [{"Probe": "index.md"}, {"Notebook": "playground.ipynb"}]
    config = make_project(tmp_path, pages, nav, src=src)
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
    # Served under the path of the hosted address, as mkdocs serve does.
    site_url = yaml.safe_load(config.read_text(encoding="utf-8"))["site_url"]
    url = f"http://127.0.0.1:{port}{urlsplit(site_url).path}"
    try:
        if not wait_for(url, "first words", 60):
            server.kill()
            pytest.fail(f"mkdocs serve did not start:\n{log.read_text()}")
        yield url, tmp_path, log
    finally:
        server.terminate()
        server.wait(timeout=10)
        log_file.close()


def test_edits_to_lessons_and_engine_show(served_copy):
    url, project, log = served_copy
    init = project / "src" / "nanoprop" / "__init__.py"
    first_line = init.read_text(encoding="utf-8").split('"""')[1].splitlines()[0]
    assert first_line in fetch(url)
    assert STALE not in fetch(url)

    page = project / "docs" / "index.md"
    page.write_text(PAGE.format(words="edited words"), encoding="utf-8")
    assert wait_for(url, "edited words", 30), "the edited lesson never showed"

    text = init.read_text(encoding="utf-8")
    init.write_text(text.replace(first_line, "an edited engine", 1), encoding="utf-8")
    seen = []
    assert wait_for(url, "The engine says: an edited engine", 60, seen), (
        "the page still shows the engine as it was before the edit"
    )
    assert STALE not in seen[-1], "fresh results are still marked as stale"
    # Before the fresh result, the earlier one was shown, marked.
    assert wait_for_log(log, "recomputing them in the background", 5), log.read_text()
    stale = [p for p in seen if STALE in p]
    assert stale, "the page never showed the earlier result while recomputing"
    assert all(f"The engine says: {first_line}" in p for p in stale)


def test_engine_edit_that_breaks_a_block_is_reported_once(served_copy):
    url, project, log = served_copy
    init = project / "src" / "nanoprop" / "__init__.py"
    text = init.read_text(encoding="utf-8")
    # The block prints the first line of the docstring: an empty one raises.
    docstring = text.split('"""')[1]
    init.write_text(text.replace(docstring, "", 1), encoding="utf-8")
    # The background build fails; the server then runs the block and the
    # notebook itself, and their errors show in the server's log, once, not
    # in a loop, and on the pages: the server keeps serving.
    assert wait_for_log(log, "the notebook failed", 90), log.read_text()
    time.sleep(5)
    output = log.read_text()
    assert "a build-time Python block raised" in output
    assert output.count("recomputing them in the background") == 1, output
    assert "IndexError" in fetch(url)  # markdown-exec shows the traceback
    notebook = fetch(url + "playground/")
    assert "This notebook failed to run" in notebook, log.read_text()[-3000:]
    assert "IndexError" in notebook
