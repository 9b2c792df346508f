"""Long output in a terminal goes through a pager; text stays at most 100 columns wide; piped
text never breaks an address in two."""

from __future__ import annotations

import os
import re
import sys

import pytest
from bundled import bundled_bank
from conftest import TINY
from rich.cells import cell_len  # what a terminal shows: x̂ is two code points in one cell

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def _sheet_in_a_terminal(tmp_path, *args, rows=24, columns=200, **env):
    pexpect = pytest.importorskip("pexpect")
    child = pexpect.spawn(
        sys.executable,
        ["-m", "bnquiz", "cheatsheet", *args],
        env={**os.environ, "TERM": "xterm", "COLUMNS": "", **env},
        encoding="utf-8",
        timeout=30,
        dimensions=(rows, columns),
        cwd=str(tmp_path),
    )
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus, ANSI.sub("", child.before or "")


@pytest.mark.slow
def test_a_sheet_taller_than_the_terminal_goes_through_the_pager(tmp_path):
    status, shown = _sheet_in_a_terminal(tmp_path, BNQUIZ_PAGER="cat > paged.txt")
    assert status == 0
    paged = ANSI.sub("", (tmp_path / "paged.txt").read_text())
    assert "Sources" in paged and "Sources" not in shown
    assert max(cell_len(line) for line in paged.splitlines()) <= 100  # in a 200-column terminal


@pytest.mark.slow
def test_no_pager_and_a_sheet_that_fits_print_straight(tmp_path):
    status, shown = _sheet_in_a_terminal(tmp_path, "--no-pager", BNQUIZ_PAGER="cat > paged.txt")
    assert status == 0 and "Sources" in shown and not (tmp_path / "paged.txt").exists()
    status, shown = _sheet_in_a_terminal(
        tmp_path, "--bank", str(TINY), "-t", "tiny", rows=200, BNQUIZ_PAGER="cat > paged.txt"
    )
    assert status == 0 and "Sources" in shown and not (tmp_path / "paged.txt").exists()


@pytest.mark.slow
def test_pager_falls_back_to_pager_then_prints_when_none_runs(tmp_path):
    status, _ = _sheet_in_a_terminal(tmp_path, PAGER="cat > from-pager.txt")
    assert status == 0 and "Sources" in (tmp_path / "from-pager.txt").read_text()
    status, shown = _sheet_in_a_terminal(tmp_path, BNQUIZ_PAGER="no-such-pager-here")
    assert status == 0 and "Sources" in shown  # a pager that cannot start costs nothing


def test_piped_text_never_breaks_an_address(bnquiz):
    result = bnquiz("cheatsheet", env={"COLUMNS": None})
    assert result.exit_code == 0
    urls = {s.url for s in bundled_bank().sources.values() if s.url}
    shown = {u for u in urls if u in result.output}
    assert len(shown) > 20  # the sheet cites most of them, each whole on a line
    assert max(cell_len(line) for line in result.output.splitlines()) <= 100
    show = bnquiz("show", "train-eval/eval-output-after-one-step", env={"COLUMNS": None})
    longest = "https://pytorch.org/docs/stable/generated/torch.nn.Module.html#torch.nn.Module.eval"
    assert longest in show.output
