"""Read a lesson page as its reader sees it, and turn it into a notebook.

Shared by the doc tests (``docs/conftest.py``), the build (``hooks.py``,
which offers every lesson as a notebook) and the notebook tests, so that
all three agree on what a page's code is:

- ``--8<--`` includes are expanded with the settings of ``mkdocs.yml``;
- a Python fence is code the reader sees unless it is a markdown-exec block
  (``exec="on"``) that hides its source (no ``source=``): those draw the
  figures and tables when the site is built;
- a block under a ``<!-- pytest.mark.skip(reason="...") -->`` comment (an
  excerpt that cannot run on its own) is shown but not run: the doc tests
  skip it, and a notebook shows it as text.
"""

from __future__ import annotations

import re
import shlex
import textwrap
from functools import cache
from pathlib import Path

import jupytext
import markdown
import nbformat
import yaml
from mkdocs.utils.yaml import get_yaml_loader

ROOT = Path(__file__).resolve().parent.parent
PYTHON = {"python", "py"}


@cache
def mkdocs_config(path=ROOT / "mkdocs.yml"):
    with open(path, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=get_yaml_loader())


def snippets_settings():
    for entry in mkdocs_config().get("markdown_extensions", []):
        if isinstance(entry, dict) and "pymdownx.snippets" in entry:
            settings = dict(entry["pymdownx.snippets"] or {})
            break
    else:
        settings = {}
    # Paths in mkdocs.yml are relative to the project folder.
    settings["base_path"] = [str(ROOT / p) for p in settings.get("base_path", ["."])]
    return settings


def expand_snippets(text: str) -> str:
    """The page's Markdown with every ``--8<--`` include replaced."""
    md = markdown.Markdown(
        extensions=["pymdownx.snippets"],
        extension_configs={"pymdownx.snippets": snippets_settings()},
    )
    return "\n".join(md.preprocessors["snippet"].run(text.split("\n")))


def parse_info(info: str | None) -> tuple[str, dict[str, str]]:
    """Split a fence's info string into its language and attributes."""
    words = shlex.split(info or "")
    if not words:
        return "", {}
    attrs = dict(w.split("=", 1) if "=" in w else (w, "") for w in words[1:])
    return words[0].lower(), attrs


def runs_at_build(attrs: dict) -> bool:
    return str(attrs.get("exec", "")).lower() in {"on", "1", "true", "yes"}


def reader_sees(info: str | None) -> bool:
    """Whether a fence with this info string is Python the reader sees."""
    language, attrs = parse_info(info)
    if language not in PYTHON:
        return False
    return not runs_at_build(attrs) or "source" in attrs


# Notebooks -----------------------------------------------------------------

DETAILS = re.compile(
    r'^(\?\?\?\+?|!!!) *(\w+)(?: +"([^"]*)")?\n((?:\n|    .*\n)+)', re.M
)
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
LAYOUT = re.compile(r"^ *</?div[^>]*>\n", re.M)
LESSON_LINK = re.compile(r"\]\(([\w-]+)\.md(#[\w-]+)?\)")
SKIP_MARK = re.compile(r"\s*<!--[-\s]*pytest\.mark\.skip\b.*?-->\s*\Z", re.S)


def _markdown_for_jupyter(text: str, site_url: str) -> str:
    """Rewrite what only the site understands into plain Markdown."""

    def details(match):
        marker, kind, title, body = match.groups()
        title = title or kind.capitalize()
        body = textwrap.dedent(body).strip("\n")
        if marker == "!!!":
            quoted = "\n".join(
                f"> {line}" if line else ">" for line in body.split("\n")
            )
            return f"> **{title}**\n>\n{quoted}\n"
        return f"<details><summary>{title}</summary>\n\n{body}\n\n</details>\n"

    text = LAYOUT.sub("", text)
    text = DETAILS.sub(details, text)

    def link(match):
        page, anchor = match.group(1), match.group(2) or ""
        target = "" if page == "index" else f"{page}/"
        return f"]({site_url}{target}{anchor})"

    return LESSON_LINK.sub(link, text)


def to_notebook(page: Path, site_url: str) -> nbformat.NotebookNode:
    """The lesson at ``page`` as a notebook: its prose and the code its
    reader sees, in page order; the build's hidden blocks are left out."""
    site_url = site_url.rstrip("/") + "/"
    text = expand_snippets(page.read_text(encoding="utf-8"))
    text = FRONT_MATTER.sub("", text, count=1)  # the site's page settings
    notebook = jupytext.reads(text, fmt="md:markdown")
    cells = []
    skip_next = False  # the previous Markdown ended with a skip mark
    for cell in notebook.cells:
        if cell.cell_type == "code":
            attrs = {k: str(v) for k, v in cell.metadata.items()}
            language = "python"
            if cell.source.startswith("%%"):  # jupytext marks other languages
                language, _, body = cell.source.partition("\n")
                language = language[2:]
                cell = nbformat.v4.new_markdown_cell(f"```{language}\n{body}\n```")
            elif runs_at_build(attrs) and "source" not in attrs:
                skip_next = False  # the mark was the hidden block's
                continue
            elif skip_next:  # shown, not run, as on the page's doc tests
                cell = nbformat.v4.new_markdown_cell(f"```python\n{cell.source}\n```")
            else:
                cells.append(nbformat.v4.new_code_cell(cell.source))
                continue
        skip_next = bool(SKIP_MARK.search(cell.source))
        text = SKIP_MARK.sub("", cell.source)
        source = _markdown_for_jupyter(text + "\n", site_url).strip()
        if source:
            cells.append(nbformat.v4.new_markdown_cell(source))
    name = page.stem
    lesson_url = site_url if name == "index" else f"{site_url}{name}/"
    intro = (
        f"This notebook is the lesson at <{lesson_url}>, with its prose and "
        "every piece of code it shows, in order; the figures and tables are "
        "on the site. It needs the engine installed: from a clone of the "
        "project, `pip install -e .` (or `make install`)."
    )
    cells.insert(
        1 if cells and cells[0].cell_type == "markdown" else 0,
        nbformat.v4.new_markdown_cell(intro),
    )
    result = nbformat.v4.new_notebook(cells=cells)
    result.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    result.metadata["language_info"] = {"name": "python"}
    # Stable cell ids: two builds of one commit give the same notebook.
    for number, cell in enumerate(result.cells):
        cell["id"] = f"{name}-{number}"
    return result


def has_reader_code(page: Path) -> bool:
    """Whether the page shows any Python, and so deserves a notebook."""
    fences = re.findall(r"^```+ *([^\n`]*)$", page.read_text(encoding="utf-8"), re.M)
    return any(reader_sees(info) for info in fences)


def wants_notebook(page: Path) -> bool:
    """Whether the page is offered as a notebook: it shows Python, and its
    front matter does not say ``notebook: false`` (the reference does)."""
    front = FRONT_MATTER.match(page.read_text(encoding="utf-8"))
    if front and re.search(r"^notebook:\s*false\s*$", front.group(0), re.M):
        return False
    return has_reader_code(page)
