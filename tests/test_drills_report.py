"""The drill report, whole, as `bnquiz drill check FILE` prints it piped at 80 columns without
colour: the golden files in tests/golden/ are the spec of the screen (BNQUIZ_REGOLD=1 rewrites
them; review the diff). `--device cpu` keeps CUDA's presence out of the text. The everyday loop
renders the same views from the judge's verdict on fabricated results, without a child."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from drill_fakes import Battery
from golden import golden

from bnquiz.drills.judge import Judge
from bnquiz.drills.report import verdict_view
from bnquiz.drills.verdict import Verdict
from bnquiz.outcome import Status

CORPUS = Path(__file__).parent / "drills"


def report(bnquiz, source: Path | str, name: str, exit_code: int) -> str:
    """The report for the solution `source` (a file, or its text) saved as `name` in the test's
    own folder; the seconds the run took, the one thing that varies, shown as N.N."""
    if isinstance(source, Path):
        shutil.copy(source, name)
    else:
        Path(name).write_text(source, encoding="utf-8")
    result = bnquiz("drill", "check", name, "--device", "cpu", "--no-record", env={"COLUMNS": "80"})
    assert result.exit_code == exit_code, result.output
    text, count = re.subn(r" · \d+\.\d s$", " · N.N s", result.stdout, flags=re.MULTILINE)
    assert count == 1, result.stdout
    return text


@pytest.mark.slow
def test_the_report_of_a_passing_solution(bnquiz):
    golden("drill-report-pass.txt", report(bnquiz, CORPUS / "forward/reference.py", "bn_forward.py", 0))


@pytest.mark.slow
def test_the_report_of_a_solution_with_one_named_mistake(bnquiz):
    text = report(bnquiz, CORPUS / "forward/wrong/eps-outside-sqrt.py", "bn_forward.py", 1)
    golden("drill-report-mistake.txt", text)


def test_the_report_of_a_difference_no_mistake_explains(bnquiz):
    """A dgamma half as large again: unrecognised, with the smallest failing case in full. (A
    NumPy drill: its check takes a fraction of a second, so the everyday loop runs it.)"""
    reference = (CORPUS / "cs231n/reference.py").read_text(encoding="utf-8")
    scaled = reference.replace(
        "dgamma = np.sum(dout * x_hat, axis=0)", "dgamma = 1.5 * np.sum(dout * x_hat, axis=0)"
    )
    assert scaled != reference
    golden("drill-report-unrecognised.txt", report(bnquiz, scaled, "bn_cs231n.py", 1))


def rendered(battery: Battery, results, verbose: bool = True) -> str:
    """verdict_view of the judge's verdict on these results, as plain text at 100 columns."""
    from rich.console import Console

    judge = Judge(battery.drill, battery.edition, battery.scenarios, battery.inputs, battery.present)
    checks, findings, notes, paths = judge.judge(results)
    status = Status.FAILED if findings else Status.PASSED
    verdict = Verdict(
        battery.drill.name, "mine.py", status, tuple(checks), tuple(findings), tuple(paths), tuple(notes),
        conventions=battery.edition.conventions,
    )  # fmt: skip
    console = Console(width=100, record=True, no_color=True, file=io.StringIO())
    console.print(verdict_view(verdict, verbose=verbose))
    return console.export_text()


def test_the_verbose_report_names_the_path_and_shows_every_case():
    battery = Battery("cs231n")
    text = rendered(battery, battery.outputs({"backward.eps": "missing"}))
    lines = [line.rstrip() for line in text.splitlines()]
    assert any(re.fullmatch(r"batchnorm_backward +\d+/\d+ +✗ eps-missing", line) for line in lines), text
    assert any(re.fullmatch(r"training forward +(\d+)/\1 +✓ right", line) for line in lines), text
    for scenario in battery.scenarios:  # the verbose table has a row for every case
        assert scenario.id in text, scenario.id
    assert "Evidence: case" in text and "Hint:" in text
    assert lines[-1].startswith("FAILED ") and lines[-1].endswith(" · 0.0 s")


def test_an_unrecognised_difference_shows_the_smallest_case_in_full():
    battery = Battery("forward")
    results = battery.outputs({})
    for steps in results:  # a dweight nothing in the catalogue produces
        for step in steps:
            if step and "dweight" in step["outputs"]:
                step["outputs"]["dweight"] = step["outputs"]["dweight"] * 1.5
    text = rendered(battery, results, verbose=False)
    assert "[unrecognised]" in text and "`weight.grad`" in text
    assert "The case in full" in text and re.search(r"^ +got = \[", text, re.M)  # its values
    assert "PASSED" not in text
