"""`bnquiz lab`: each lab's claim holds at a small size (the test fails if BN stops losing to GN
at batch size 2, say), a seed gives the same numbers, and the command plots, reads, writes JSON
and a PNG as documented."""

from __future__ import annotations

import json

import pytest

from bnquiz import labs, load_bank
from bnquiz.labs import momentum


def _by(records, *keys):
    return {tuple(r[k] for k in keys): r for r in records}


@pytest.fixture(scope="module")
def small():
    """Each lab run once at the test's size, seed 0."""
    pytest.importorskip("torch")
    return {name: labs.run(name, seed=0, small=True).results for name in labs.LABS}


@pytest.mark.slow
def test_bn_loses_to_groupnorm_at_batch_size_two_and_not_at_32(small):
    error = {key: r["error"] for key, r in _by(small["small-batch"], "norm", "batch_size").items()}
    assert error["bn", 2] > error["gn", 2] + 0.1
    assert error["bn", 2] > error["bn", 32] + 0.1
    assert max(error["gn", 2], error["gn", 32], error["bn", 32]) < 0.05
    for record in small["small-batch"]:  # the clarified record: norm, batch_size (int), error in 0..1
        assert set(record) == {"norm", "batch_size", "error"}
        assert record["norm"] in ("bn", "gn") and isinstance(record["batch_size"], int)
        assert 0 <= record["error"] <= 1


@pytest.mark.slow
def test_eval_collapses_on_a_shifted_domain_and_re_estimating_mends_it(small):
    accuracy = {r["condition"]: r["accuracy"] for r in small["train-eval"]}
    assert accuracy["train mode"] > 0.95 and accuracy["eval mode"] > 0.95
    assert accuracy["eval, shifted"] < 0.6
    assert accuracy["eval, re-estimated"] > 0.95


@pytest.mark.slow
def test_bn_trains_at_a_rate_that_defeats_the_net_without_it(small):
    error = {key: r["error"] for key, r in _by(small["learning-rate"], "norm", "lr").items()}
    top = max(lr for _norm, lr in error)
    assert error["bn", top] < 0.1 and error["none", top] > 0.5
    low = min(lr for _norm, lr in error)
    assert error["bn", low] < error["none", low]


@pytest.mark.slow
def test_the_running_mean_follows_pytorchs_update_rule(small):
    """Each running mean is the recursion of its momentum applied to the input's mean (batch
    noise aside: 16 values a batch), and momentum=None is the average of every batch so far."""
    records = small["momentum"]
    steps = max(r["step"] for r in records)
    for name, rate in (("0.1", 0.1), ("0.01", 0.01), ("None", None)):
        expected = 0.0
        for step in range(1, steps + 1):
            weight = rate if rate is not None else 1 / step
            expected = (1 - weight) * expected + weight * momentum.DRIFT * step
        final = next(r["running_mean"] for r in records if r["momentum"] == name and r["step"] == steps)
        assert final == pytest.approx(expected, abs=0.12), name
    final = {r["momentum"]: r["running_mean"] for r in records if r["step"] == steps}
    assert final["0.1"] > max(final["0.01"], final["None"])  # the fastest tracks closest


@pytest.mark.slow
def test_a_seed_gives_the_same_numbers_and_another_seed_others():
    first, again = (labs.run("train-eval", seed=3, small=True).results for _ in range(2))
    assert first == again
    assert (
        labs.run("momentum", seed=4, small=True).results != labs.run("momentum", seed=5, small=True).results
    )


def test_each_lab_names_questions_of_the_bank():
    bank = load_bank()
    for lab in labs.LABS.values():
        assert lab.questions
        for question in lab.questions:
            assert bank.question(question).id == question


@pytest.mark.slow
def test_the_command_plots_reads_and_says_its_time(bnquiz):
    result = bnquiz("lab", "momentum", "--seed", "2")
    assert result.exit_code == 0, result.output
    text = result.output
    assert "The running mean chasing a drifting input" in text  # the plot's title
    assert "▚ the input's mean   • momentum=0.1   x momentum=0.01   + momentum=None" in text  # the legend
    assert "With momentum 0.1 the running mean is" in text  # the reading
    assert "s on the CPU, seed 2" in text and "bnquiz show train-eval/initial-stats-half-life" in text
    chinese = bnquiz("--lang", "zh", "lab", "momentum")
    assert chinese.exit_code == 0 and "动量" in chinese.output


@pytest.mark.slow
def test_json_is_one_document_and_png_an_image(bnquiz, tmp_path):
    pytest.importorskip("matplotlib")
    image = tmp_path / "momentum.png"
    result = bnquiz("lab", "momentum", "--json", "--png", str(image))
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (
        set(data) == {"lab", "seed", "seconds", "results"} and data["lab"] == "momentum" and data["seed"] == 0
    )
    assert {"momentum", "step", "input_mean", "running_mean"} == set(data["results"][0])
    assert image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    again = bnquiz("lab", "momentum", "--png", str(image))
    assert again.exit_code == 1 and "--force" in again.output  # never overwritten without it


def test_bad_names_and_files_are_usage_errors(bnquiz, tmp_path):
    unknown = bnquiz("lab", "dropout")
    assert unknown.exit_code == 2 and "small-batch, train-eval, learning-rate, momentum" in unknown.output
    wrong = bnquiz("lab", "momentum", "--png", str(tmp_path / "plot.jpg"))
    assert wrong.exit_code == 2 and not (tmp_path / "plot.jpg").exists()
