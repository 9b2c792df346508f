"""The cheat sheet in its three formats: golden outputs, page counts, and bad input."""

from __future__ import annotations

import io
import os
import re

import pytest
from bundled import bundled_bank
from conftest import TINY
from golden import golden

from bnquiz.quiz.loader import load_bank
from bnquiz.sheet import build_sheet

BANK = bundled_bank()


def pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'"))


def facts_and_references(pages) -> tuple[str, str]:
    """The text of the first two pages, and of the third and last: the sheet has exactly three."""
    assert len(pages) == 3
    return flat(" ".join(p.extract_text() for p in pages[:2])), flat(pages[2].extract_text())


def pdf_text(pdf: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_terminal_golden(bnquiz):
    result = bnquiz("cheatsheet", "--bank", str(TINY), "--topic", "tiny")
    assert result.exit_code == 0, result.output
    golden("cheatsheet-tiny.txt", result.output)


def test_markdown_golden(bnquiz):
    result = bnquiz("cheatsheet", "--bank", str(TINY), "--topic", "tiny", "--format", "markdown")
    assert result.exit_code == 0, result.output
    golden("cheatsheet-tiny.md", result.output)


def test_typst_golden():
    from bnquiz.sheet.pdf import render_typst

    golden("cheatsheet-tiny.typ", render_typst(build_sheet(load_bank([TINY]), ["tiny"])))


def test_full_sheet_terminal_reads_at_80_columns_without_markup(bnquiz):
    from rich.cells import cell_len

    result = bnquiz("cheatsheet", env={"COLUMNS": "80"})
    assert result.exit_code == 0
    assert max(cell_len(line.rstrip()) for line in result.output.splitlines()) <= 80
    assert "\\frac" not in result.output and "$" not in result.output and "#table" not in result.output
    for topic in BANK.topics:
        if topic.sheet:
            assert topic.title in result.output


def test_full_sheet_markdown_has_every_entry_and_its_math(bnquiz):
    text = bnquiz("cheatsheet", "--format", "markdown").output
    sheet = build_sheet(BANK)
    for topic in sheet.topics:
        assert f"## {topic.title}" in text
        for entry in topic.sheet:
            assert f"**{entry.title}**" in text
            if entry.tex:
                assert f"$$\n{entry.tex}\n$$" in text
    for number, source in enumerate(sheet.sources, 1):
        assert f"{number}. {source.short}." in text
    assert "## Misconceptions" in text


@pytest.mark.slow  # typesets a PDF (CI runs it; the everyday loop checks the Typst source)
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_full_pdf_has_its_facts_on_two_pages_and_its_references_on_a_titled_third(paper):
    from pypdf import PdfReader

    from bnquiz.sheet.pdf import render_pdf

    sheet = build_sheet(BANK)
    pdf = render_pdf(sheet, paper)
    assert pdf.startswith(b"%PDF")
    facts, references = facts_and_references(PdfReader(io.BytesIO(pdf)).pages)
    assert "Batch normalization: misconceptions and sources" in references[:60]
    for topic in sheet.topics:
        assert flat(topic.title) not in references
        assert all(flat(entry.title) in facts for entry in topic.sheet)
    text = pdf_text(pdf).replace("’", "'")
    for topic in sheet.topics:
        assert flat(topic.title) in facts
    for heading in ("Misconceptions", "Sources", "Batch normalization"):
        assert heading in flat(text)
    for symbol in ("𝜇", "𝜎", "𝛾", "𝛽", "√", "∂"):  # typeset maths, not raw LaTeX
        assert symbol in text
    assert "\\frac" not in text


@pytest.mark.parametrize("topic", [t.id for t in BANK.topics if t.sheet])
def test_one_topic_fits_on_one_page(topic):
    from bnquiz.sheet.pdf import render_pdf

    assert pages(render_pdf(build_sheet(BANK, [topic]))) == 1


def test_pdf_default_path_and_message(bnquiz, tmp_path):
    result = bnquiz("cheatsheet", "--format", "pdf", "--topic", "ics")
    assert result.exit_code == 0, result.output
    target = tmp_path / "bnquiz-cheatsheet.pdf"
    assert target.read_bytes().startswith(b"%PDF")
    assert str(target) in result.output


def test_output_suffix_picks_the_format(bnquiz, tmp_path):
    assert bnquiz("cheatsheet", "-o", "sheet.md").exit_code == 0
    assert (tmp_path / "sheet.md").read_text().startswith("# Batch normalization")
    assert bnquiz("cheatsheet", "-o", "sheet.pdf", "--topic", "backward").exit_code == 0
    assert (tmp_path / "sheet.pdf").read_bytes().startswith(b"%PDF")


def test_existing_file_is_kept_without_force(bnquiz, tmp_path):
    target = tmp_path / "bnquiz-cheatsheet.pdf"
    target.write_text("mine")
    result = bnquiz("cheatsheet", "--format", "pdf")
    assert result.exit_code == 1
    assert "--force" in result.output
    assert target.read_text() == "mine"
    assert bnquiz("cheatsheet", "--format", "pdf", "--force").exit_code == 0
    assert target.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (["--topic", "nope"], 2, "unknown topic 'nope'"),
        (["--format", "html"], 2, "unknown format 'html'"),
        (["--paper", "a3", "--format", "pdf"], 2, "unknown paper 'a3'"),
        (["-o", "no/such/dir/sheet.pdf"], 2, "no folder"),
        (["-o", "."], 2, "is a folder"),
    ],
)
def test_bad_input_gives_one_line_and_no_file(bnquiz, tmp_path, args, status, message):
    result = bnquiz("cheatsheet", *args)
    assert result.exit_code == status
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not list(tmp_path.glob("*.pdf")) and not list(tmp_path.rglob(".bnquiz-*"))


def test_unwritable_folder(bnquiz, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):
            pytest.skip("running as a user who can write anywhere")
        result = bnquiz("cheatsheet", "-o", str(locked / "sheet.md"))
        assert result.exit_code == 2
        assert "permission denied" in result.output
    finally:
        locked.chmod(0o700)


def test_a_users_own_bank_renders(bnquiz):
    result = bnquiz("cheatsheet", "--bank", str(TINY), "--topic", "tiny", "--format", "markdown")
    assert "## Tiny test topic" in result.output
    assert "\\gamma \\frac{x - \\mu_B}" in result.output
