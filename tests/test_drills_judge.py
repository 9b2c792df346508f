"""The judge alone, in milliseconds: the reference's own outputs with each catalogued mistake,
alone and in pairs across code paths, must come back named, on the paths they are on."""

from __future__ import annotations

import itertools

import pytest
from drill_fakes import Battery, representatives

from bnquiz.drills.specs import BUILT_IN, DRILLS

EDITIONS = [(name, edition.name or None) for name in BUILT_IN for edition in DRILLS[name].editions]
FIRST = [(name, DRILLS[name].editions[0].name or None) for name in BUILT_IN]
IDS = [f"{n}-{e}" if e else n for n, e in EDITIONS]


@pytest.fixture(scope="module")
def batteries():
    return {key: Battery(*key) for key in EDITIONS}


@pytest.mark.parametrize("key", EDITIONS, ids=IDS)
def test_correct_outputs_pass_every_check(batteries, key):
    checks, findings = batteries[key].judge({})
    assert findings == []
    assert checks and all(c.status == "pass" for c in checks)


def _spread(items: list | tuple, count: int) -> list:
    """`count` items spread evenly over the list (all of them, if it is short)."""
    return list(items[:: max(1, len(items) // count)])


def _judge_alone(battery: Battery, mistake) -> None:
    knobs = dict(mistake.knobs)
    _, findings = battery.judge(knobs)
    ids = [f.id for f in findings]
    if battery.raises(knobs):
        # code that raises on some shapes: the mistake (or, where what ran cannot tell them
        # apart, another set of reduced dimensions that agrees there) and its exceptions
        axes = {i for i in ids if i.startswith("axes-")} if mistake.id.startswith("axes-") else set()
        # (an exception in a scenario that uses an option is that option unsupported)
        assert findings and set(ids) <= {mistake.id, "exception", "option-unsupported", *axes}, (mistake, ids)
        return
    assert ids == [mistake.id], (mistake, ids)
    assert mistake.path in findings[0].paths, (mistake, findings[0].paths)
    assert findings[0].evidence is not None and findings[0].fix


@pytest.mark.parametrize("name", BUILT_IN)
def test_mistakes_alone_are_named_on_their_paths(batteries, name):
    """A spread sample; test_every_mistake_alone below tries them all, in every edition."""
    battery = batteries[FIRST[BUILT_IN.index(name)]]
    for mistake in _spread(battery.drill.mistakes(battery.edition), 8):
        _judge_alone(battery, mistake)


@pytest.mark.slow
@pytest.mark.parametrize("key", EDITIONS, ids=IDS)
def test_every_mistake_alone(batteries, key):
    battery = batteries[key]
    for mistake in battery.drill.mistakes(battery.edition):
        _judge_alone(battery, mistake)


def _pairs(battery: Battery) -> list[tuple]:
    found = representatives(battery)
    return [(a, b) for a, b in itertools.combinations(found, 2) if a.path != b.path and a.id != b.id]


def _judge_pair(battery: Battery, a, b) -> None:
    knobs = {**dict(a.knobs), **dict(b.knobs)}
    if battery.raises(knobs):
        return
    _, findings = battery.judge(knobs)
    named = {(f.id, path) for f in findings for path in f.paths}
    assert named, (a, b)
    for mid, path in named - {(a.id, a.path), (b.id, b.path)}:
        if mid in (a.id, b.id) and any(
            set(m.knobs) <= set(knobs.items())
            for m in battery.drill.mistakes(battery.edition)
            if (m.id, m.path) == (mid, path)
        ):
            continue  # the same mistake, showing on another path too (nbt-missing: layout and running)
        # another name only where it is the same code: swapping it in changes no output
        mine, other = (a, b) if a.path == path else (b, a)
        variants = [m for m in battery.drill.mistakes(battery.edition) if (m.id, m.path) == (mid, path)]
        assert mine.path == path and any(
            battery.same(knobs, {**dict(other.knobs), **dict(m.knobs)}) for m in variants
        ), (a, b, named)
    for mistake, other in ((a, b), (b, a)):
        if not any(path == mistake.path for _, path in named):
            # only where the two together return exactly what the other alone does (a forward
            # without a mean has no mean term in its gradient to miss)
            assert battery.same(knobs, dict(other.knobs)), (mistake, "hidden behind", other, named)


@pytest.mark.slow  # every pair of mistakes of ten drills: seconds in all
@pytest.mark.parametrize("name", BUILT_IN)
def test_pairs_across_paths_are_both_named(batteries, name):
    """A spread sample of the pairs; test_every_pair_across_paths below tries them all."""
    battery = batteries[(name, DRILLS[name].editions[0].name or None)]
    for a, b in _spread(_pairs(battery), 3):
        _judge_pair(battery, a, b)


@pytest.mark.slow
@pytest.mark.parametrize("name", BUILT_IN)
def test_every_pair_across_paths(batteries, name):
    battery = batteries[(name, DRILLS[name].editions[0].name or None)]
    for a, b in _pairs(battery):
        _judge_pair(battery, a, b)


def test_a_backward_exact_for_its_own_wrong_forward_is_right(batteries):
    """cs231n: a forward with eps outside the root, and a backward that is its exact gradient or
    the textbook formula fed its cache: only the forward is wrong, and the gradients pass."""
    battery = batteries[("cs231n", None)]
    for mode in ("exact", "formula"):
        checks, findings = battery.judge({"train.eps": "outside", "backward.mode": mode})
        assert [(f.id, f.paths) for f in findings] == [("eps-outside-sqrt", ("train",))]
        assert all(c.status == "pass" for c in checks if c.group == "grads")


def test_a_backward_that_leaves_eps_out_is_named_and_the_forward_called_right(batteries):
    battery = batteries[("cs231n", None)]
    _, findings = battery.judge({"backward.eps": "missing"})
    assert [(f.id, f.paths) for f in findings] == [("eps-missing", ("backward",))]
    assert (
        "backward" in findings[0].title
        and "training forward" in findings[0].title
        and "right" in findings[0].title
    )


def test_a_hard_coded_eps_in_the_backward_fails(batteries):
    """The CS231n backward that recomputes σ̂ with 1e-5 whatever eps the forward had."""
    battery = batteries[("cs231n", None)]
    for xhat in ("recomputed", "cached"):
        checks, findings = battery.judge({"backward.eps_value": 1e-5, "backward.xhat": xhat})
        assert [f.id for f in findings] == ["eps-ignored"]
        assert any(c.status == "fail" and c.group == "grads" for c in checks)


def test_any_set_of_reduced_dimensions_is_named_with_its_letters(batteries):
    battery = batteries[("forward", None)]
    _, findings = battery.judge({"train.axes": (0, 1)})
    assert [f.id for f in findings] == ["axes-other"]
    assert "you reduced over N and C; BN reduces over N, D, H and W" in findings[0].title


def test_unrecognised_says_which_quantity_and_path_and_shows_the_case(batteries):
    battery = batteries[("forward", None)]
    results = battery.outputs({})
    for steps in results:  # a dweight nothing in the catalogue produces
        for step in steps:
            if step and "dweight" in step["outputs"]:
                step["outputs"]["dweight"] = step["outputs"]["dweight"] * 1.5
    from bnquiz.drills.judge import Judge

    _, findings, _, _ = Judge(
        battery.drill, battery.edition, battery.scenarios, battery.inputs, battery.present
    ).judge(results)
    assert [f.id for f in findings] == ["unrecognised"]
    finding = findings[0]
    assert finding.paths == ("backward",) and finding.quantities == ("weight.grad",)
    assert "`weight.grad`" in finding.title and "backward pass" in finding.title
    assert "x.grad and bias.grad are right" in finding.title
    assert finding.values is not None and finding.values["expected"] and finding.values["got"]
    assert "above" in finding.fix
