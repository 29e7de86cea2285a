"""A broken page stops the strict build with a message that names it.

Each case builds a one-page site with the project's own settings (theme,
Markdown extensions, hooks) and one mistake in it.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from sitebuild import ROOT, make_project

GOOD = "# Fine\n\nNothing wrong here.\n"


def make_site(tmp_path, page, nav=None):
    pages = {"index.md": GOOD, "broken.md": page}
    nav = nav or [{"Home": "index.md"}, {"Broken": "broken.md"}]
    return make_project(tmp_path, pages, nav)


def strict_build(config_path, tmp_path):
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DOCS_CACHE="off")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


def test_a_good_page_builds(tmp_path):
    result = strict_build(make_site(tmp_path, GOOD), tmp_path)
    assert result.returncode == 0, result.stderr


BROKEN = {
    "missing snippet file": (
        '```python\n--8<-- "src/nanoprop/no_such_module.py"\n```\n',
        "no_such_module.py",
    ),
    "missing snippet section": (
        '```python\n--8<-- "src/nanoprop/activations.py:no_such_section"\n```\n',
        "no_such_section",
    ),
    "block that raises": (
        '```python exec="on"\nraise ValueError("this block is broken")\n```\n',
        "this block is broken",
    ),
    "broken link": ("See [the next lesson](no-such-page.md).\n", "no-such-page.md"),
    "broken anchor": ("See [below](#no-such-heading).\n", "#no-such-heading"),
}


@pytest.mark.parametrize("case", BROKEN)
def test_broken_page_stops_the_build(tmp_path, case):
    page, detail = BROKEN[case]
    result = strict_build(make_site(tmp_path, "# Broken\n\n" + page), tmp_path)
    assert result.returncode != 0, f"{case}: the strict build passed"
    assert "broken.md" in result.stderr, f"{case}: the message does not name the page"
    assert detail in result.stderr, f"{case}: the message does not say what is wrong"


def test_nav_entry_outside_docs_stops_the_build(tmp_path):
    nav = [{"Home": "index.md"}, {"Outside": "../README.md"}]
    result = strict_build(make_site(tmp_path, GOOD, nav=nav), tmp_path)
    assert result.returncode != 0
    assert "../README.md" in result.stderr


def test_notebook_error_stops_the_build(tmp_path):
    import nbformat

    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell('raise ValueError("this cell is broken")')]
    )
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    pages = {"index.md": GOOD, "playground.ipynb": nbformat.writes(notebook)}
    nav = [{"Home": "index.md"}, {"Playground": "playground.ipynb"}]
    result = strict_build(make_project(tmp_path, pages, nav), tmp_path)
    assert result.returncode != 0, "a notebook that raises did not stop the build"
    assert "playground.ipynb" in result.stderr
    assert "this cell is broken" in result.stderr
