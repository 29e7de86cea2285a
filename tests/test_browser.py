"""The site as a reader meets it, in a real browser (Debian's Chromium).

Each page is loaded from the built site served on a local port, with
``site_url`` matching, and checked: formulas typeset with their fonts, the
same after instant navigation, figures loaded with alt text, no console
error, no request to any other host, the copy button, a phone-width layout,
dark mode and the weight of a first visit. A screenshot of each page is kept
in ``test-artifacts/screenshots/``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from sitebuild import ROOT
from test_site import nav_pages, page_name

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
# Without the background-networking flags Chromium calls home at start.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
PAGE_BUDGET = 1_000_000  # bytes on a first visit of a lesson
FIGURE_BUDGET = 150_000  # bytes per figure
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

if not CHROMIUM.exists():
    if os.environ.get("CI"):
        raise RuntimeError(
            f"CI needs Chromium at {CHROMIUM} (apt-get install chromium)"
        )
    pytest.skip(
        f"no Chromium at {CHROMIUM}: install Debian's chromium "
        "(apt-get install chromium) or set CHROMIUM to its path",
        allow_module_level=True,
    )

sync_api = pytest.importorskip("playwright.sync_api", reason="needs playwright")

PAGES = [page_name(p) for p in nav_pages()]


def page_url(base, page):
    return base if page == "index" else f"{base}{page}/"


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=FLAGS, headless=True
        )
        yield browser
        browser.close()


class Visit:
    """A fresh browser context that records what the page asked for."""

    def __init__(self, browser, base, **context_options):
        self.base = base
        self.context = browser.new_context(**context_options)
        self.page = self.context.new_page()
        self.requests, self.errors, self.sizes = [], [], {}
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on(
            "console",
            lambda m: self.errors.append(m.text) if m.type == "error" else None,
        )
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("response", self._record)

    def _record(self, response):
        try:
            self.sizes[response.url] = len(response.body())
        except Exception:  # a redirect or an aborted request has no body
            self.sizes.setdefault(response.url, 0)

    def open(self, page):
        self.page.goto(page_url(self.base, page), wait_until="load")
        self.settle()

    def settle(self):
        self.page.wait_for_load_state("networkidle")
        self.page.evaluate("document.fonts.ready.then(() => true)")

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser, served_site):
    visits = []

    def make(**options):
        v = Visit(browser, served_site, **{"viewport": DESKTOP, **options})
        visits.append(v)
        return v

    yield make
    for v in visits:
        v.close()


MATH_REPORT = """() => {
  const formulas = [...document.querySelectorAll('.arithmatex')];
  const faces = [...document.fonts].filter(f => f.family.includes('KaTeX'));
  return {
    count: formulas.length,
    untypeset: formulas.filter(f => !f.querySelector('.katex')).length,
    errors: document.querySelectorAll('.katex-error').length,
    fontErrors: faces.filter(f => f.status === 'error').map(f => f.family),
    mainLoaded: faces.some(f => f.family.includes('KaTeX_Main')
                                && f.status === 'loaded'),
    // Every glyph the formula draws must take room: drawn without its
    // font, a glyph collapses to nothing (or the formula to a sliver).
    narrow: formulas.filter(f => {
      const html = f.querySelector('.katex-html');
      if (!html || html.getBoundingClientRect().width < 1) return true;
      const leaves = [...html.querySelectorAll('span')].filter(
        s => !s.children.length && s.textContent.trim());
      return leaves.some(s => {
        const em = parseFloat(getComputedStyle(s).fontSize);
        return s.getBoundingClientRect().width < 0.1 * em;
      });
    }).map(f => f.textContent.slice(0, 60)),
  };
}"""


def check_math(page, name):
    report = page.evaluate(MATH_REPORT)
    assert report["untypeset"] == 0, f"{name}: {report['untypeset']} formulas untypeset"
    assert report["errors"] == 0, f"{name}: KaTeX could not parse a formula"
    assert not report["fontErrors"], f"{name}: fonts failed: {report['fontErrors']}"
    assert not report["narrow"], f"{name}: formulas without glyphs: {report['narrow']}"
    if report["count"]:
        assert report["mainLoaded"], f"{name}: KaTeX's main font did not load"
    return report["count"]


@pytest.mark.parametrize("name", PAGES)
def test_page_as_a_reader_sees_it(visit, served_site, name):
    v = visit()
    v.open(name)
    page = v.page
    check_math(page, name)

    # figures: loaded, with alt text that says something
    figures = page.evaluate(
        """() => [...document.querySelectorAll('article img')].map(i => ({
            alt: i.alt, ok: i.complete && i.naturalWidth > 0,
            bytes: i.src.startsWith('data:')
              ? Math.floor(i.src.split(',')[1].length * 3 / 4) : null}))"""
    )
    for figure in figures:
        assert figure["ok"], f"{name}: a figure did not load"
        assert len(figure["alt"].split()) >= 4, f"{name}: figure without alt text"
        if figure["bytes"] is not None:
            assert figure["bytes"] <= FIGURE_BUDGET, f"{name}: figure too heavy"

    # nothing but the local server, and nothing in the console
    host = urlsplit(served_site).netloc
    foreign = [
        u
        for u in v.requests
        if not u.startswith("data:") and urlsplit(u).netloc != host
    ]
    assert not foreign, f"{name}: requests to other hosts: {foreign}"
    assert not v.errors, f"{name}: console errors: {v.errors}"

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


# The lessons; the playground notebook carries JupyterLab's own stylesheet
# (about 570 KB, inlined by mkdocs-jupyter) and is not held to this budget.
LESSON_PAGES = [page_name(p) for p in nav_pages() if p.endswith(".md")]
LESSON_PAGES = [p for p in LESSON_PAGES if p not in ("index", "reference")]


@pytest.mark.parametrize("name", LESSON_PAGES)
def test_first_visit_weight(visit, name):
    v = visit()
    v.open(name)
    total = sum(v.sizes.values())
    assert total <= PAGE_BUDGET, f"{name}: first visit weighs {total} bytes"


def test_math_after_instant_navigation(visit):
    v = visit()
    v.open("index")
    page = v.page
    page.evaluate("window.__sameDocument = true")
    for name in [p for p in PAGES if p != "index"]:
        link = page.locator(f'nav.md-nav--primary a[href$="{name}/"]').first
        link.click()
        page.wait_for_url(f"**/{name}/")
        v.settle()
        assert page.evaluate("window.__sameDocument === true"), (
            f"opening {name} reloaded the whole page: instant navigation is off"
        )
        check_math(page, name)
    assert not v.errors, v.errors


def test_copy_button_copies_the_code(visit):
    v = visit(permissions=["clipboard-read", "clipboard-write"])
    v.open("forward-pass")
    page = v.page
    button = page.locator('article button[data-md-type="copy"]').first
    target = button.get_attribute("data-clipboard-target")
    button.scroll_into_view_if_needed()
    button.click()
    copied = page.evaluate("navigator.clipboard.readText()")
    shown = page.locator(target).inner_text()
    assert copied.strip() and copied.strip() == shown.strip()


@pytest.mark.parametrize("name", [p for p in PAGES if p != "index"])
def test_phone_width_stacks_and_never_scrolls_sideways(visit, name):
    v = visit(viewport=PHONE, is_mobile=True, has_touch=True)
    v.open(name)
    page = v.page
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{name}: page is {width}px wide on a phone"
    columns = page.evaluate(
        """() => [...document.querySelectorAll('.eq-code')].map(
            e => getComputedStyle(e).gridTemplateColumns.split(' ').length)"""
    )
    assert all(c == 1 for c in columns), f"{name}: equation and code not stacked"
    page.screenshot(path=SCREENSHOTS / f"{name}-phone.png", full_page=True)


def test_desktop_puts_equation_beside_code(visit):
    v = visit()
    v.open("forward-pass")
    columns = v.page.evaluate(
        """() => [...document.querySelectorAll('.eq-code')].map(
            e => getComputedStyle(e).gridTemplateColumns.split(' ').length)"""
    )
    assert columns and all(c == 2 for c in columns)


@pytest.mark.parametrize("name", ["index", "xor"])
def test_dark_mode_keeps_plots_readable(visit, name):
    v = visit(color_scheme="dark")
    v.open(name)
    page = v.page
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    backgrounds = page.evaluate(
        """() => [...document.querySelectorAll('article figure img')].map(
            i => getComputedStyle(i).backgroundColor)"""
    )
    assert backgrounds and all(b == "rgb(255, 255, 255)" for b in backgrounds)
    page.screenshot(path=SCREENSHOTS / f"{name}-dark.png", full_page=True)


def teardown_module():
    # Keep the artifacts folder tidy between runs, not between tests.
    if not any(SCREENSHOTS.glob("*.png")) and SCREENSHOTS.exists():
        shutil.rmtree(SCREENSHOTS)


@pytest.mark.parametrize("name", LESSON_PAGES)
def test_formulas_fit_beside_their_code(visit, name):
    v = visit()
    v.open(name)
    clipped = v.page.evaluate(
        """() => [...document.querySelectorAll('.eq-code .arithmatex')]
            .filter(e => e.scrollWidth > e.clientWidth + 1)
            .map(e => e.querySelector('annotation')?.textContent)"""
    )
    assert not clipped, f"{name}: formulas wider than their column: {clipped}"
