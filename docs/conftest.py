"""Run every Python block a reader sees, the way the reader sees it.

pytest-codeblocks reads fences whose info string is exactly ``python`` and
would run a ``--8<--`` include line as code. Here each page is first
expanded with the same pymdownx.snippets settings as ``mkdocs.yml``, then
handed to pytest-codeblocks' extractor, so that the code under test is the
code on the page. A page's blocks run in page order in one namespace, as a
reader running them one after another would.

What counts as a block the reader sees:

- a fence whose language is ``python`` or ``py``, whatever its attributes
  (``title=...`` included);
- a markdown-exec fence (``exec="on"``) only when it shows its source
  (``source=...``). Hidden build blocks, which draw the figures and tables,
  run in ``mkdocs build --strict``, which is a test of its own.

A block is skipped only by a ``<!-- pytest.mark.skip(reason="...") -->``
comment above it, whose reason pytest prints.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import traceback
from pathlib import Path

import pytest
from pytest_codeblocks import extract_from_buffer

import lesson_pages as pages  # scripts/, on pytest's path (pyproject.toml)

ROOT = Path(__file__).resolve().parent.parent


def pytest_collect_file(file_path, parent):
    if file_path.suffix == ".md":
        return MarkdownPage.from_parent(parent, path=file_path)
    return None


class MarkdownPage(pytest.File):
    def collect(self):
        raw = self.path.read_text(encoding="utf-8")
        source_blocks = extract_from_buffer(io.StringIO(raw))
        blocks = extract_from_buffer(io.StringIO(pages.expand_snippets(raw)))
        # Snippets only expand inside fences, so the blocks pair one to one;
        # the source's line numbers are the ones a writer can find.
        assert len(blocks) == len(source_blocks), self.path
        self.namespace: dict = {"__name__": "__main__"}
        self.failed: str | None = None
        for block, source in zip(blocks, source_blocks):
            if not pages.reader_sees(block.syntax):
                continue
            item = CodeBlockItem.from_parent(
                self, name=f"line {source.lineno}", block=block
            )
            item.lineno = source.lineno
            for mark in block.marks:
                item.add_marker(eval(mark, {"pytest": pytest}))
            yield item


class BlockFailed(Exception):
    pass


class CodeBlockItem(pytest.Item):
    def __init__(self, *, block, **kwargs):
        super().__init__(**kwargs)
        self.block = block

    def runtest(self):
        page = self.parent
        if page.failed:
            pytest.skip(f"an earlier block of this page failed ({page.failed})")
        # dont_inherit: the block runs as a reader's fresh session would,
        # without this file's `from __future__ import annotations`.
        code = compile(
            self.block.code, f"{self.path.name}, {self.name}", "exec", dont_inherit=True
        )
        out = io.StringIO()
        cwd = os.getcwd()
        try:
            os.chdir(ROOT)
            with contextlib.redirect_stdout(out):
                exec(code, page.namespace)
        except Exception as error:
            page.failed = self.name
            trace = "".join(
                traceback.format_exception(
                    type(error), error, error.__traceback__.tb_next
                )
            )
            raise BlockFailed(
                f"{self.path.name}, {self.name} raised:\n\n{self.block.code}\n{trace}"
            ) from None
        finally:
            os.chdir(cwd)
        expected = self.block.expected_output
        if expected is not None:
            got = out.getvalue()
            if self.block.expected_output_ignore_whitespace:
                expected = re.sub(r"\s+", "", expected)
                got = re.sub(r"\s+", "", got)
            if got != expected:
                page.failed = self.name
                raise BlockFailed(
                    f"{self.path.name}, {self.name}: expected output\n"
                    f"{self.block.expected_output}\nbut got\n{out.getvalue()}"
                )

    def repr_failure(self, excinfo):
        if isinstance(excinfo.value, BlockFailed):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, self.lineno - 1, f"{self.path.name}, {self.name}"
