"""Two clean builds of the same commit are byte-identical."""

from __future__ import annotations

import filecmp

from sitebuild import build


def tree(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def test_two_clean_builds_are_identical(built_site, site_port, tmp_path):
    # A second build from an empty cache, with the same settings as the first
    # (same address, same SOURCE_DATE_EPOCH): every block runs again.
    again = tmp_path / "site"
    result = build(again, tmp_path / "cache", f"http://127.0.0.1:{site_port}/")
    assert result.returncode == 0, result.stderr
    assert tree(again) == tree(built_site)
    different = [
        name
        for name in tree(built_site)
        if not filecmp.cmp(built_site / name, again / name, shallow=False)
    ]
    assert not different, f"files that differ between two builds: {different}"
