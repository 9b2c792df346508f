"""The drill commands through the real CLI: list, start, check (report and JSON), hint."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bnquiz.drills.specs import BUILT_IN, DRILLS

CORPUS = Path(__file__).parent / "drills"


def test_list_names_every_drill_and_its_checks(bnquiz):
    result = bnquiz("drill", "list")
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    for name in BUILT_IN:
        drill = DRILLS[name]
        assert name in result.output and drill.title in text
        assert f" {drill.check_count(('cpu',))} " in f" {text} "


@pytest.mark.parametrize("name", BUILT_IN)
def test_start_writes_the_signature_and_never_overwrites(bnquiz, tmp_path, name):
    target = tmp_path / "mine.py"
    result = bnquiz("drill", "start", name, str(target))
    assert result.exit_code == 0, result.output
    text = target.read_text()
    for function in DRILLS[name].functions:
        assert f"def {function}(" in text or f"class {function}(" in text
    assert "NotImplementedError" in text
    assert f"bnquiz drill check {target}" in text
    target.write_text("# my work\n")
    again = bnquiz("drill", "start", name, str(target))
    assert again.exit_code == 1
    assert "--force" in again.output
    assert target.read_text() == "# my work\n"  # nothing the user saved is lost
    assert bnquiz("drill", "start", name, str(target), "--force").exit_code == 0
    assert "def " in target.read_text()


def test_the_d2l_starter_records_its_edition(bnquiz, tmp_path):
    for edition, rule in (
        ("classic", "momentum * moving_mean + (1.0 - momentum) * mean"),
        ("current", "(1.0 - momentum) * moving_mean + momentum * mean"),
    ):
        target = tmp_path / f"{edition}.py"
        assert bnquiz("drill", "start", "d2l", str(target), "--edition", edition).exit_code == 0
        text = target.read_text()
        assert f"# bnquiz: edition={edition}" in text and rule in text
    refused = bnquiz("drill", "start", "d2l", str(tmp_path / "x.py"), "--edition", "third")
    assert refused.exit_code == 2 and "classic, current" in refused.output


# what a blind starter never says: the conventions a mistake breaks (English and Chinese)
TRAPS = re.compile(
    r"biased|in place|in-place|n ?[-−] ?1|n/\(n|inside the square root|new statistic|old statistic"
    r"|every dimension except|never modif|float32|detach|有偏|无偏|原地|就地|根号内|新的统计|旧的统计",
    re.IGNORECASE,
)


def _signatures(source: str) -> dict[str, list[str]]:
    """Each top-level function's, class's and method's argument names."""
    import ast

    found: dict[str, list[str]] = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            args = node.args.args if isinstance(node, ast.FunctionDef) else []
            found[node.name] = [a.arg for a in args]
    return found


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("name", BUILT_IN)
def test_a_blind_starter_has_the_signature_and_none_of_the_traps(bnquiz, tmp_path, name, language):
    from bnquiz.drills.specs import infer

    target = tmp_path / "blind.py"
    result = bnquiz("--lang", language, "drill", "start", name, str(target), "--blind")
    assert result.exit_code == 0, result.output
    blind = target.read_text()
    normal = tmp_path / "normal.py"
    assert bnquiz("--lang", language, "drill", "start", name, str(normal)).exit_code == 0
    assert _signatures(blind) == _signatures(normal.read_text())
    assert TRAPS.findall(blind) == []
    assert "# bnquiz: edition=" not in blind  # the grader tells the edition from the code
    assert len(blind) < len(normal.read_text())
    assert infer(target)[0].name == name


def test_the_normal_starters_do_spell_out_traps(bnquiz, tmp_path):
    """The blind test above can fail: the usual starters say the conventions it looks for."""
    said = 0
    for name in BUILT_IN:
        target = tmp_path / f"{name}.py"
        assert bnquiz("drill", "start", name, str(target)).exit_code == 0
        said += bool(TRAPS.findall(target.read_text()))
    assert said >= len(BUILT_IN) - 2


def test_blind_takes_no_edition(bnquiz, tmp_path):
    result = bnquiz("drill", "start", "d2l", str(tmp_path / "x.py"), "--blind", "--edition", "classic")
    assert result.exit_code == 2 and "--blind" in result.output
    assert not (tmp_path / "x.py").exists()


def test_start_defaults_to_a_file_in_the_current_folder(bnquiz, tmp_path):
    assert bnquiz("drill", "start", "cs231n").exit_code == 0
    assert (tmp_path / DRILLS["cs231n"].starter_name).exists()


@pytest.mark.slow
@pytest.mark.parametrize("name", BUILT_IN)
def test_every_starter_fails_and_every_reference_passes(bnquiz, tmp_path, name):
    for blind in ((), ("--blind",)):
        starter = tmp_path / "starter.py"
        bnquiz("drill", "start", name, str(starter), "--force", *blind)
        result = bnquiz("drill", "check", str(starter), "--device", "cpu")
        assert result.exit_code == 1
        assert "NotImplementedError" in result.output
        assert "Graded by: " in result.output  # the conventions, said after the check
    reference = tmp_path / "reference.py"
    shutil.copy(CORPUS / name / "reference.py", reference)
    result = bnquiz("drill", "check", str(reference), "--device", "cpu")
    assert result.exit_code == 0, result.output
    assert "PASSED" in result.output


@pytest.mark.slow
def test_report_names_the_mistake_and_its_path_with_evidence_and_hint(bnquiz):
    result = bnquiz("drill", "check", str(CORPUS / "forward/wrong/unbiased-variance.py"), "--device", "cpu")
    assert result.exit_code == 1
    text = " ".join(result.output.split())
    assert "You normalized with the unbiased variance [unbiased-variance]" in text
    assert re.search(r"training forward \d+/\d+ ✗ unbiased-variance", text)
    assert re.search(r"eval forward \d+/\d+ ✓ right", text)
    assert "Evidence: case train-2d" in text
    assert "allowed: |got − expected| ≤ 1e-06 + 1e-06·|expected|" in text
    assert "Hint: Use x.var(dims, unbiased=False)" in text
    assert "FAILED" in text


@pytest.mark.slow
def test_the_report_fits_80_columns_and_60_lines_and_reads_well_piped(tmp_path):
    """Run as a user would, with output to a pipe (not a terminal)."""
    env = {**os.environ, "COLUMNS": "80", "BNQUIZ_HOME": str(tmp_path / "home"), "NO_COLOR": "1"}
    command = [
        sys.executable,
        "-m",
        "bnquiz",
        "drill",
        "check",
        str(CORPUS / "forward/wrong/eps-outside-sqrt.py"),
    ]
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) <= 60, len(lines)
    assert all(len(line) <= 80 for line in lines)
    assert "\x1b[" not in result.stdout  # no escape codes in a pipe
    words = [line.split() for line in lines if line.strip()]
    lonely = [line for line in words if len(line) == 1 and len(line[0]) > 2 and line[0].isalpha()]
    assert len(lonely) <= 1, lonely  # no table cell wraps one word per line
    for internal in ("_BadReturn", "code: ", "'None'", "Traceback"):
        assert internal not in result.stdout


@pytest.mark.slow
def test_json_report_is_one_document_with_findings_and_paths(bnquiz):
    path = CORPUS / "d2l/wrong/two-unbiased-variance-momentum-flipped.py"
    result = bnquiz("drill", "check", str(path), "--json", "--device", "cpu")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["status"] == "failed" and data["exit_status"] == 1 and data["summary"].startswith("FAILED")
    assert data["drill"] == "d2l" and data["edition"] == "classic"
    assert sorted((f["id"], tuple(f["paths"])) for f in data["findings"]) == [
        ("momentum-flipped", ("running",)),
        ("unbiased-variance", ("train",)),
    ]
    for finding in data["findings"]:
        assert {"id", "title", "why", "fix"} <= set(finding) and finding["fix"]
    evidence = data["findings"][0]["evidence"]
    assert {"scenario", "group", "where", "expected", "got", "error", "tolerance", "rule"} <= set(evidence)
    assert {c["status"] for c in data["checks"]} <= {"pass", "fail", "skip", "error", "not run"}
    assert {p["id"] for p in data["paths"]} >= {"train", "eval", "running", "backward"}
    assert "PyTorch's nn.BatchNorm differs" in data["pytorch_differs"]


@pytest.mark.slow
def test_a_d2l_file_of_either_edition_passes_and_says_which(bnquiz, tmp_path):
    classic = bnquiz("drill", "check", str(CORPUS / "d2l/reference.py"), "--device", "cpu")
    assert classic.exit_code == 0 and "classic edition" in classic.output
    current = bnquiz("drill", "check", str(CORPUS / "d2l/correct/current_edition.py"), "--device", "cpu")
    assert current.exit_code == 0 and "current edition" in current.output
    forced = bnquiz(
        "drill",
        "check",
        str(CORPUS / "d2l/correct/current_edition.py"),
        "--device",
        "cpu",
        "--edition",
        "classic",
    )
    assert (
        forced.exit_code == 1
        and "momentum-flipped" in forced.output
        and "the edition you asked for" in " ".join(forced.output.split())
    )


@pytest.mark.slow
def test_the_pass_count_counts_cases_that_raised(bnquiz, tmp_path):
    """A case that raises still counts its checks: FAILED n of the whole battery."""
    result = bnquiz(
        "drill", "check", str(CORPUS / "forward/wrong/stats-not-reshaped.py"), "--device", "cpu", "--json"
    )
    data = json.loads(result.stdout)
    total = DRILLS["forward"].check_count(("cpu",))
    raised = [c for c in data["checks"] if c["status"] in ("error", "not run")]
    assert raised
    assert f"of {total} checks passed" in data["summary"]


@pytest.mark.slow
def test_without_cuda_the_cuda_checks_show_as_skipped(bnquiz):
    torch = pytest.importorskip("torch")
    if torch.cuda.is_available():
        pytest.skip("this machine has CUDA")
    result = bnquiz("drill", "check", str(CORPUS / "forward/reference.py"))
    assert result.exit_code == 0
    assert "skipped" in result.output
    assert "CUDA checks skipped: no CUDA device here" in " ".join(result.output.split())
    refused = bnquiz("drill", "check", str(CORPUS / "forward/reference.py"), "--device", "cuda")
    assert refused.exit_code == 2
    assert "no CUDA device" in refused.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["drill", "check", "no-such-file.py"], "no such file"),
        (["drill", "check", "__DIR__"], "is a folder; give the .py file to check"),
        (["drill", "check", "__REF__", "--drill", "nope"], "unknown drill 'nope'"),
        (["drill", "check", "__REF__", "--device", "tpu"], "unknown device 'tpu'"),
        (["drill", "check", "__REF__", "--timeout", "0"], "--timeout must be positive"),
        (["drill", "check", "__REF__", "--edition", "classic"], "has no edition 'classic'"),
        (["drill", "check", "__MISSING__"], "--drill"),
        (["drill", "start", "nope"], "unknown drill 'nope'"),
        (["drill", "hint", "forward", "--level", "0"], "--level must be at least 1"),
    ],
)
def test_usage_errors_exit_2_with_one_line(bnquiz, tmp_path, args, message):
    swap = {
        "__DIR__": str(tmp_path),
        "__REF__": str(CORPUS / "forward/reference.py"),
        "__MISSING__": str(CORPUS / "hostile/missing-function.py"),
    }
    result = bnquiz(*[swap.get(a, a) for a in args])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1


@pytest.mark.parametrize("name", BUILT_IN)
def test_hints_are_progressive(bnquiz, name):
    first = bnquiz("drill", "hint", name)
    assert "1." in first.output and "2." not in first.output and "--level 2" in first.output
    every = bnquiz("drill", "hint", name, "--level", "99")
    assert every.exit_code == 0
    assert f"{len(DRILLS[name].hints)}." in every.output
    assert "--level" not in every.output


def test_a_grader_that_cannot_start_blames_itself_not_the_user(bnquiz, monkeypatch):
    from bnquiz.drills import sandbox

    monkeypatch.setattr(sandbox.sys, "executable", "/bin/false")
    result = bnquiz("drill", "check", str(CORPUS / "forward/reference.py"), "--device", "cpu")
    assert result.exit_code == 1
    assert "failed before running your code" in result.output
    assert "Traceback" not in result.output
