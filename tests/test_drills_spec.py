"""A drill is one spec: a toy drill declared in the test folder is graded end to end, through
the library and the CLI, and `drill list` and `drill check` count the same checks."""

from __future__ import annotations

import json

import pytest
import toy_drill
from drill_fakes import Battery

from bnquiz.drills import check, specs


@pytest.fixture
def toy():
    specs.register(toy_drill.DRILL)
    yield toy_drill.DRILL
    del specs.DRILLS["double"]
    specs._INFERENCE.remove("double")


def _solution(tmp_path, body):
    path = tmp_path / "double.py"
    path.write_text(f"def double(x):\n    return {body}\n")
    return path


@pytest.mark.slow
def test_a_toy_drill_from_the_test_folder_is_graded_end_to_end(toy, tmp_path):
    right = check(_solution(tmp_path, "x * 2"), record=False)
    assert right.passed and right.drill == "double", right.findings
    assert right.counts == (toy.check_count(("cpu",)), toy.check_count(("cpu",)), 0)
    wrong = check(_solution(tmp_path, "x * 3"), record=False)
    assert [(f.id, f.paths) for f in wrong.findings] == [("times-three", ("main",))]
    assert wrong.findings[0].title == "You multiplied by three"
    shifted = check(_solution(tmp_path, "x + 2"), record=False)
    assert [f.id for f in shifted.findings] == ["added-two"]
    odd = check(_solution(tmp_path, "x ** 2"), record=False)
    assert [f.id for f in odd.findings] == ["unrecognised"] and "`double(x)`" in odd.findings[0].title


@pytest.mark.slow
def test_the_toy_drill_through_the_cli(toy, tmp_path, bnquiz):
    result = bnquiz("drill", "check", str(_solution(tmp_path, "3 * x")), "--json", "--no-record")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [f["id"] for f in data["findings"]] == ["times-three"]
    listed = bnquiz("drill", "list")
    assert "scale by two" in listed.output


@pytest.mark.parametrize("name", specs.BUILT_IN)
def test_list_and_check_count_the_same_checks(name):
    """`drill list` counts the checks the judge makes of a correct run's results on CPU (with
    and without the optional functions defined)."""
    drill = specs.get(name)
    for present in (frozenset(), frozenset(drill.optional)):
        checks, _ = Battery(name, present=present).judge({})
        assert drill.check_count(("cpu",), present) == len(checks)
    assert drill.check_count(("cpu", "cuda")) > drill.check_count(("cpu",)) or name == "cs231n"
