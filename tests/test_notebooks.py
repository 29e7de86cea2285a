"""Every lesson's notebook runs top to bottom, as a reader would run it."""

from __future__ import annotations

import json

import nbformat
import pytest
from nbclient import NotebookClient

from lesson_pages import to_notebook, wants_notebook
from sitebuild import ROOT

LESSONS = sorted(
    page
    for page in (ROOT / "docs").glob("*.md")
    if page.name != "index.md" and wants_notebook(page)
)


def test_every_lesson_with_code_has_a_notebook():
    names = [page.stem for page in LESSONS]
    for lesson in ["forward-pass", "loss", "chain-rule", "backpropagation", "xor"]:
        assert lesson in names


@pytest.mark.parametrize("page", LESSONS, ids=lambda page: page.stem)
def test_lesson_notebook_runs(page, tmp_path):
    notebook = to_notebook(page, "https://example.org/")
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code, f"{page.name}: the notebook has no code"
    # Prose and code keep the page's order: the first code cell is the
    # page's first visible block.
    client = NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        allow_errors=False,
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute()


def test_built_notebooks_are_the_lessons(built_site):
    for page in LESSONS:
        path = built_site / "notebooks" / f"{page.stem}.ipynb"
        assert path.is_file(), f"no notebook for {page.name}"
        notebook = json.loads(path.read_text(encoding="utf-8"))
        html = (built_site / page.stem / "index.html").read_text(encoding="utf-8")
        assert f"notebooks/{page.stem}.ipynb" in html, f"{page.name} has no link"
        assert notebook["cells"], path
