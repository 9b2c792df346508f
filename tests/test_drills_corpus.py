"""Every file of the drill corpus gets the verdict its header states.

Header: `# expect: pass`, `# expect: ID, ID…` (the findings, exactly) or `# expect-broken: ID`.
An ID may name the code paths it must be found on: `eps-missing@backward`,
`eps-missing@train+eval`. A file may pin its edition with `# bnquiz: edition=NAME`.
Correct implementations in many styles must pass; each wrong one must fail with its mistakes
named (all of them, on the right paths); hostile and broken programs must end in their verdict,
within the timeout, without hanging, fooling the grader or leaving a process behind.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bnquiz.drills import specs
from bnquiz.drills.grader import grade

CORPUS = Path(__file__).parent / "drills"
FILES = sorted(p for p in CORPUS.rglob("*.py") if not p.name.startswith("_"))
HEADER = re.compile(r"# expect(-broken)?: (.+)")
pytestmark = pytest.mark.slow


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
    drill = specs.get(drill_of(path))
    edition = specs.marked_edition(path)
    return grade(
        path,
        drill,
        specs.form_of(drill, path),
        device="cpu",
        timeout=timeout_for(path),
        edition=edition,
        edition_source="the edition the file's marker names",
    )


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


def named(verdict) -> list[str]:
    return [f"{f.id}@{'+'.join(f.paths)}" for f in verdict.findings]


def matches(expected: str, finding) -> bool:
    wanted, _, paths = expected.partition("@")
    return finding.id == wanted and (not paths or set(paths.split("+")) == set(finding.paths))


@pytest.mark.parametrize("path", FILES, ids=[str(f.relative_to(CORPUS)) for f in FILES])
def test_corpus_verdict(path, verdicts):
    assert mismatch(path, verdicts[path]) == "", named(verdicts[path])


def mismatch(path: Path, verdict) -> str:
    """How the verdict differs from what the file's header states ("" where it does not)."""
    status, ids = expectation(path)
    if status == "passed":
        return "" if verdict.status == "passed" else "it did not pass"
    if status == "broken":
        if not any(matches(ids[0], f) for f in verdict.findings):
            return f"{ids[0]} not found"
        if verdict.status not in ("broken", "failed"):
            return f"status {verdict.status}"
        if verdict.seconds >= timeout_for(path) + 2:
            return f"it took {verdict.seconds:.1f} s"
    else:
        if verdict.status != "failed":
            return f"status {verdict.status}"
        unmatched = [f.id for f in verdict.findings if not any(matches(i, f) for i in ids)]
        missing = [i for i in ids if not any(matches(i, f) for f in verdict.findings)]
        if unmatched or missing:
            return f"unexpected {unmatched}, missing {missing}"
        for finding in verdict.findings:  # a check, or the exception with the user's own lines
            if finding.evidence is None and finding.error is None:
                return f"{finding.id} has neither a check nor an exception"
    unfixed = [f.id for f in verdict.findings if not f.fix]
    return f"no fix for {unfixed}" if unfixed else ""


@pytest.mark.parametrize(
    ("path", "drill", "form"),
    [
        ("forward/reference.py", "forward", "plain"),
        ("d2l/reference.py", "d2l", "plain"),
        ("d2l/reference_is_training.py", "d2l", "is-training"),
        ("cs231n/reference.py", "cs231n", "plain"),
        ("fold/reference.py", "fold", "plain"),
        ("fold/reference_module.py", "fold", "module"),
        ("autograd/reference.py", "autograd", "plain"),
        ("module/reference.py", "module", "plain"),
        ("hostile/syntax-error.py", "forward", "plain"),
    ],
)
def test_the_drill_is_inferred_from_the_file(path, drill, form):
    found, found_form = specs.infer(CORPUS / path)
    assert (found.name, found_form) == (drill, form)
