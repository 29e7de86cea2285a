"""The strict build passes and its pages carry what the lessons promise."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

import pytest
import yaml
from mkdocs.utils.yaml import get_yaml_loader

from sitebuild import ROOT

LESSONS = [
    "forward-pass",
    "loss",
    "chain-rule",
    "backpropagation",
    "xor",
]


def nav_pages():
    with open(ROOT / "mkdocs.yml", encoding="utf-8") as handle:
        config = yaml.load(handle, Loader=get_yaml_loader())

    def walk(entries):
        for entry in entries:
            value = next(iter(entry.values())) if isinstance(entry, dict) else entry
            if isinstance(value, list):
                yield from walk(value)
            else:
                yield value

    return list(walk(config["nav"]))


def page_name(page):
    """The page's folder in the built site: ``xor.md`` -> ``xor``."""
    return page.rsplit(".", 1)[0]


class Images(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs))


def page_html(site, page):
    name = page_name(page)
    path = site / "index.html" if name == "index" else site / name / "index.html"
    return path.read_text(encoding="utf-8")


def test_lesson_path_in_nav_order():
    pages = nav_pages()
    lessons = [page_name(p) for p in pages if page_name(p) in LESSONS]
    assert lessons == LESSONS
    assert pages[0] == "index.md"


@pytest.mark.parametrize("page", nav_pages())
def test_page_built_without_leftovers(built_site, page):
    html = page_html(built_site, page)
    assert "--8<--" not in html, "a snippet include was not expanded"
    # markdown-exec renders a failing block as a traceback in the page
    assert "Traceback (most recent call last)" not in html


@pytest.mark.parametrize("page", nav_pages())
def test_every_figure_has_alt_text(built_site, page):
    parser = Images()
    parser.feed(page_html(built_site, page))
    for image in parser.images:
        alt = image.get("alt") or ""
        assert len(alt.split()) >= 4, f"{page}: figure without real alt text"


INCLUDE = re.compile(r'--8<-- "([^":]+)(?::([\w-]+))?"')


def section_lines(path, section):
    """The non-blank lines of a snippet section, as the page shows them."""
    lines = (ROOT / path).read_text(encoding="utf-8").splitlines()
    if section:
        start = lines.index(next(x for x in lines if f"[start:{section}]" in x))
        end = lines.index(next(x for x in lines if f"[end:{section}]" in x))
        lines = lines[start + 1 : end]
    return [line.strip() for line in lines if line.strip() and "--8<--" not in line]


def page_text(html):
    """What a reader reads: the page without tags, entities decoded."""
    return unescape(re.sub(r"<[^>]+>", "", html))


@pytest.mark.parametrize("page", LESSONS)
def test_lessons_have_math_code_and_figures(built_site, page):
    html = page_html(built_site, f"{page}.md")
    assert 'class="arithmatex"' in html, f"{page}: no formula"
    assert "data:image/" in html, f"{page}: no build-time figure"
    source = (ROOT / "docs" / f"{page}.md").read_text(encoding="utf-8")
    assert INCLUDE.search(source), f"{page}: shows no code from src/"


@pytest.mark.parametrize("page", [p for p in nav_pages() if p.endswith(".md")])
def test_engine_code_is_shown_as_in_its_source(built_site, page):
    text = page_text(page_html(built_site, page))
    source = (ROOT / "docs" / page).read_text(encoding="utf-8")
    for path, section in INCLUDE.findall(source):
        for line in section_lines(path, section):
            assert line in text, f"{page}: {path}:{section} shows {line!r} wrongly"


def test_worked_step_table(built_site):
    html = page_html(built_site, "backpropagation.md")
    assert html.count("<table>") >= 1, "the worked training step has no table"


def test_math_typeset_at_build_with_katex_served_by_the_site(built_site):
    assert (built_site / "assets/katex/katex.min.css").is_file()
    assert list((built_site / "assets/katex/fonts").glob("*.woff2"))
    for page in nav_pages():
        html = page_html(built_site, page)
        assert "cdn." not in html and "googleapis" not in html
        # every formula arrives typeset: no TeX left for a script to render
        text = re.sub(r"<(pre|script)\b.*?</\1>", "", html, flags=re.S)
        assert "\\(" not in text
        if 'class="arithmatex"' in html:
            assert 'class="katex"' in html
            assert "assets/katex/katex.min.css" in html
