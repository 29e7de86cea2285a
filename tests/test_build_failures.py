"""A broken page stops the strict build with a message that names it.

Each case builds a one-page site with the project's own settings (theme,
Markdown extensions, hooks) and one mistake in it.
"""

from __future__ import annotations

import pytest

from sitebuild import make_project, strict_build

GOOD = "# Fine\n\nNothing wrong here.\n"


def make_site(tmp_path, page, nav=None):
    pages = {"index.md": GOOD, "broken.md": page}
    nav = nav or [{"Home": "index.md"}, {"Broken": "broken.md"}]
    return make_project(tmp_path, pages, nav)


def build_site(config_path):
    return strict_build("-f", str(config_path), DOCS_CACHE="off")


def test_a_good_page_builds(tmp_path):
    result = build_site(make_site(tmp_path, GOOD))
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
    result = build_site(make_site(tmp_path, "# Broken\n\n" + page))
    assert result.returncode != 0, f"{case}: the strict build passed"
    assert "broken.md" in result.stderr, f"{case}: the message does not name the page"
    assert detail in result.stderr, f"{case}: the message does not say what is wrong"


def test_nav_entry_outside_docs_stops_the_build(tmp_path):
    nav = [{"Home": "index.md"}, {"Outside": "../README.md"}]
    result = build_site(make_site(tmp_path, GOOD, nav=nav))
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
    result = build_site(make_project(tmp_path, pages, nav))
    assert result.returncode != 0, "a notebook that raises did not stop the build"
    assert "playground.ipynb" in result.stderr
    assert "this cell is broken" in result.stderr
