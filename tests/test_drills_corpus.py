"""Every file of the drill corpus gets the verdict its header states.

Correct implementations in many styles must pass; each wrong one must fail with its mistake
named (both, when it has two); hostile and broken programs must end in their verdict, within the
timeout, without hanging or fooling the grader.
"""

from __future__ import annotations

import re
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bnquiz.drills import contracts
from bnquiz.drills.grader import grade

CORPUS = Path(__file__).parent / "drills"
FILES = sorted(CORPUS.rglob("*.py"))
HEADER = re.compile(r"# expect(-broken)?: (.+)")


def expectation(path: Path) -> tuple[str, list[str]]:
    match = HEADER.match(path.read_text().splitlines()[0])
    assert match, f"{path} has no expectation header"
    ids = [s.strip() for s in match.group(2).split(",")]
    if match.group(1):
        return "broken", ids
    return ("passed", []) if ids == ["pass"] else ("failed", ids)


def drill_of(path: Path) -> str:
    folder = path.relative_to(CORPUS).parts[0]
    return "forward" if folder == "hostile" else folder


def timeout_for(path: Path) -> float:
    return 4.0 if "timeout" in expectation(path)[1] else 30.0


def run(path: Path):
    drill = contracts.get(drill_of(path))
    return grade(path, drill, contracts.form_of(drill, path), device="cpu", timeout=timeout_for(path))


@pytest.fixture(scope="module")
def verdicts(request):
    """Grade every selected corpus file, two at a time (each grading is mostly a child's wait)."""
    selected = [
        item.callspec.params["path"]
        for item in request.session.items
        if item.originalname == "test_corpus_verdict"
    ]
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(selected, pool.map(run, selected), strict=True))


@pytest.mark.parametrize("path", FILES, ids=[str(f.relative_to(CORPUS)) for f in FILES])
def test_corpus_verdict(path, verdicts):
    status, ids = expectation(path)
    timeout = timeout_for(path)
    verdict = verdicts[path]
    named = [f.id for f in verdict.findings]
    if status == "passed":
        assert verdict.status == "passed", named
    elif status == "broken":
        assert ids[0] in named, named
        assert verdict.status in ("broken", "failed")
        assert verdict.seconds < timeout + 2
    else:
        assert verdict.status == "failed"
        assert sorted(named) == sorted(ids)
        for finding in verdict.findings:
            assert finding.evidence is not None, finding.id


def test_nothing_the_submissions_started_is_left_running():
    leftovers = subprocess.run(["pgrep", "-f", "sleep 1000"], capture_output=True, text=True).stdout
    assert leftovers == ""


@pytest.mark.parametrize(
    ("path", "drill", "form"),
    [
        ("forward/reference.py", "forward", "plain"),
        ("d2l/reference.py", "d2l", "plain"),
        ("d2l/reference_is_training.py", "d2l", "is-training"),
        ("cs231n/reference.py", "cs231n", "plain"),
        ("hostile/syntax-error.py", "forward", "plain"),
    ],
)
def test_the_drill_is_inferred_from_the_file(path, drill, form):
    found, found_form = contracts.infer(CORPUS / path)
    assert (found.name, found_form) == (drill, form)
