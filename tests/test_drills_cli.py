"""The drill commands through the real CLI: list, start, check (report and JSON), hint."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bnquiz.drills.contracts import DRILLS

CORPUS = Path(__file__).parent / "drills"


def test_list_names_every_drill(bnquiz):
    result = bnquiz("drill", "list")
    assert result.exit_code == 0
    for name, drill in DRILLS.items():
        assert name in result.output
        assert drill.title in result.output


@pytest.mark.parametrize("name", list(DRILLS))
def test_start_writes_the_signature_and_never_overwrites(bnquiz, tmp_path, name):
    target = tmp_path / "mine.py"
    result = bnquiz("drill", "start", name, str(target))
    assert result.exit_code == 0, result.output
    text = target.read_text()
    for function in DRILLS[name].functions:
        assert f"def {function}(" in text
    assert "NotImplementedError" in text
    assert f"bnquiz drill check {target}" in text
    target.write_text("# my work\n")
    again = bnquiz("drill", "start", name, str(target))
    assert again.exit_code == 1
    assert "--force" in again.output
    assert target.read_text() == "# my work\n"  # nothing the user saved is lost
    assert bnquiz("drill", "start", name, str(target), "--force").exit_code == 0
    assert "def " in target.read_text()


def test_start_defaults_to_a_file_in_the_current_folder(bnquiz, tmp_path):
    assert bnquiz("drill", "start", "cs231n").exit_code == 0
    assert (tmp_path / DRILLS["cs231n"].starter_name).exists()


@pytest.mark.parametrize("name", list(DRILLS))
def test_every_starter_fails_and_every_reference_passes(bnquiz, tmp_path, name):
    starter = tmp_path / "starter.py"
    bnquiz("drill", "start", name, str(starter))
    result = bnquiz("drill", "check", str(starter), "--device", "cpu")
    assert result.exit_code == 1
    assert "NotImplementedError" in result.output
    reference = tmp_path / "reference.py"
    shutil.copy(CORPUS / name / "reference.py", reference)
    result = bnquiz("drill", "check", str(reference), "--device", "cpu")
    assert result.exit_code == 0, result.output
    assert "PASSED" in result.output


def test_report_names_the_mistake_with_evidence_and_hint(bnquiz):
    result = bnquiz("drill", "check", str(CORPUS / "forward/wrong/unbiased-variance.py"), "--device", "cpu")
    assert result.exit_code == 1
    text = " ".join(result.output.split())
    assert "You normalized with the unbiased variance [unbiased-variance]" in text
    assert "Evidence: case train-2d" in text
    assert "expected" in text and "got" in text
    assert "Hint: Use x.var(dims, unbiased=False)" in text
    assert "FAILED" in text


def test_json_report(bnquiz):
    path = CORPUS / "d2l/wrong/two-unbiased-variance-momentum-flipped.py"
    result = bnquiz("drill", "check", str(path), "--json", "--device", "cpu")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["status"] == "failed" and data["exit_status"] == 1
    assert data["drill"] == "d2l"
    assert sorted(f["id"] for f in data["findings"]) == ["momentum-flipped", "unbiased-variance"]
    evidence = data["findings"][0]["evidence"]
    assert {"case", "what", "where", "expected", "got", "error", "tolerance"} <= set(evidence)
    assert {c["status"] for c in data["checks"]} <= {"pass", "fail", "skip", "error", "not run"}
    assert "PyTorch's nn.BatchNorm differs" in data["pytorch_differs"]


def test_without_cuda_the_cuda_checks_show_as_skipped(bnquiz):
    torch = pytest.importorskip("torch")
    if torch.cuda.is_available():
        pytest.skip("this machine has CUDA")
    result = bnquiz("drill", "check", str(CORPUS / "forward/reference.py"))
    assert result.exit_code == 0
    assert "skipped" in result.output
    assert "CUDA checks skipped: no CUDA device here" in result.output
    refused = bnquiz("drill", "check", str(CORPUS / "forward/reference.py"), "--device", "cuda")
    assert refused.exit_code == 2
    assert "no CUDA device" in refused.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["drill", "check", "no-such-file.py"], "no such file"),
        (["drill", "check", "__DIR__"], "no such file"),
        (["drill", "check", "__REF__", "--drill", "nope"], "unknown drill 'nope'"),
        (["drill", "check", "__REF__", "--device", "tpu"], "unknown device 'tpu'"),
        (["drill", "check", "__REF__", "--timeout", "0"], "--timeout must be positive"),
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
    assert result.exit_code == 2
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_hints_are_progressive(bnquiz):
    first = bnquiz("drill", "hint", "forward")
    assert "1." in first.output and "2." not in first.output and "--level 2" in first.output
    every = bnquiz("drill", "hint", "forward", "--level", "99")
    assert every.exit_code == 0
    assert f"{len(DRILLS['forward'].hints)}." in every.output
    assert "--level" not in every.output


def test_a_grader_that_cannot_start_blames_itself_not_the_user(bnquiz, monkeypatch):
    from bnquiz.drills import sandbox

    monkeypatch.setattr(sandbox.sys, "executable", "/bin/false")
    result = bnquiz("drill", "check", str(CORPUS / "forward/reference.py"), "--device", "cpu")
    assert result.exit_code == 1
    assert "failed before running your code" in result.output
    assert "Traceback" not in result.output
