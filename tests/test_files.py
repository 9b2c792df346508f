"""Every file bnquiz writes follows one set of rules: the user's umask, never overwritten without
--force (with the same message), a suffix some format writes, and a folder taken as a folder."""

from __future__ import annotations

import os
import stat

import pytest
from conftest import TINY

WRITERS = {
    "drill start": lambda path: ["drill", "start", "forward", str(path)],
    "export -o": lambda path: ["export", "-o", str(path), "--bank", str(TINY)],
    "quiz --json": lambda path: [
        "quiz",
        "--bank",
        str(TINY),
        "-t",
        "tiny",
        "--no-record",
        "--json",
        str(path),
    ],
    "review --json": lambda path: [
        "review",
        "--bank",
        str(TINY),
        "-t",
        "tiny",
        "--cram",
        "--json",
        str(path),
    ],
    "cheatsheet -o md": lambda path: ["cheatsheet", "-o", str(path)],
    "cheatsheet -o pdf": lambda path: ["cheatsheet", "-t", "ics", "-o", str(path)],
}
SUFFIX = {"export -o": ".json", "cheatsheet -o md": ".md", "cheatsheet -o pdf": ".pdf"}


def _path(tmp_path, writer):
    return tmp_path / f"out{SUFFIX.get(writer, '.json' if 'json' in writer else '.py')}"


@pytest.fixture
def umask():
    def set_mask(mask):
        previous = os.umask(mask)
        masks.append(previous)

    masks: list[int] = []
    yield set_mask
    for previous in reversed(masks):
        os.umask(previous)


@pytest.mark.parametrize(
    ("writer", "mask", "mode"),
    [(writer, 0o022, 0o644) for writer in WRITERS] + [("quiz --json", 0o077, 0o600)],
)
def test_output_files_respect_the_umask(bnquiz, tmp_path, umask, writer, mask, mode):
    path = _path(tmp_path, writer)
    umask(mask)
    result = bnquiz(*WRITERS[writer](path), input="q\n")
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(path.stat().st_mode) == mode


@pytest.mark.parametrize("writer", WRITERS)
def test_one_overwrite_rule_for_every_file(bnquiz, tmp_path, writer):
    path = _path(tmp_path, writer)
    path.write_text("mine\n")
    refused = bnquiz(*WRITERS[writer](path), input="q\n")
    assert refused.exit_code == 1
    assert refused.output.strip() == f"error: {path} already exists; pass --force to overwrite it"
    assert path.read_text() == "mine\n"  # nothing the user saved is lost
    forced = bnquiz(*WRITERS[writer](path), "--force", input="q\n")
    assert forced.exit_code == 0, forced.output
    assert path.read_bytes() != b"mine\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["cheatsheet", "-o", "sheet.html"],
            "sheet.html: no format writes .html; use .txt, .md, .markdown, .pdf",
        ),
        (
            ["cheatsheet", "-o", "sheet"],
            "sheet: no format writes a file without a suffix; use .txt, .md, .markdown, .pdf",
        ),
        (["cheatsheet", "-f", "pdf", "-o", "sheet.md"], "sheet.md: its suffix .md is for markdown, not pdf"),
        (["export", "-o", "bank.csv"], "bank.csv: no format writes .csv; use .json, .apkg"),
    ],
)
def test_an_output_suffix_no_format_writes_is_an_error(bnquiz, tmp_path, args, message):
    result = bnquiz(*args)
    assert result.exit_code == 2
    assert result.output.strip() == f"error: {message}"
    assert not any(tmp_path.iterdir())


def test_the_format_follows_the_suffix(bnquiz, tmp_path):
    assert bnquiz("cheatsheet", "-t", "ics", "-o", "sheet.txt").exit_code == 0
    assert "Internal covariate shift" in (tmp_path / "sheet.txt").read_text()
    assert bnquiz("cheatsheet", "-t", "ics", "-f", "markdown", "-o", "sheet.MD").exit_code == 0
    assert (tmp_path / "sheet.MD").read_text().startswith("#")


def test_drill_start_writes_into_a_folder_and_check_says_a_folder_is_one(bnquiz, tmp_path):
    folder = tmp_path / "work"
    folder.mkdir()
    assert bnquiz("drill", "start", "forward", str(folder)).exit_code == 0
    assert (folder / "bn_forward.py").read_text().startswith('"""bnquiz drill `forward`')
    result = bnquiz("drill", "check", str(folder))
    assert result.exit_code == 2
    assert result.output.strip() == f"error: {folder} is a folder; give the .py file to check"
