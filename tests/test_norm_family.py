"""The cheat sheet's norm-family table and the bank's questions on LayerNorm, GroupNorm,
InstanceNorm and RMSNorm say what the drills grade: the keyed answers and the table's figures
are recomputed here from the drills' own float64 reference (`normalizing`, and `batchnorm` for
BN's row), so a fact and a drill cannot drift apart."""

from __future__ import annotations

import re

import numpy as np
import pytest
from bundled import bundled_bank

from bnquiz.drills import batchnorm
from bnquiz.drills.specs import DRILLS
from bnquiz.drills.specs import normalizing as nz

SHAPE = (8, 64, 14, 14)  # the table's input
LETTERS = ("N", "C", "H", "W")


@pytest.fixture(scope="module")
def bank():
    return bundled_bank()


def _groups(kind: str, shape: tuple[int, ...], size: int) -> np.ndarray:
    """Each value's statistic, as the drill of this kind grades it."""
    labels = nz.groups(shape, kind, size, "right")
    assert labels is not None
    return labels


def _same_partition(a: np.ndarray, b: np.ndarray) -> bool:
    """Whether two labellings group the values the same way (whatever the labels' numbering)."""
    pairs = np.unique(np.stack([a.ravel(), b.ravel()]), axis=1)
    return len(np.unique(pairs[0])) == len(np.unique(pairs[1])) == pairs.shape[1]


def _over(axes: str, shape: tuple[int, ...], groups: int = 1) -> np.ndarray:
    """The labelling a table row's "reduces over" column describes: one statistic per value of
    the dimensions it does not list (C/G: the channels of a group, G of them)."""
    listed = {a.strip() for a in axes.split(",")}
    grids = np.indices(shape)
    keys = [grids[d] for d, letter in enumerate(LETTERS) if letter not in listed and letter != "C"]
    if "C" not in listed:
        channel = grids[1] // (shape[1] // groups) if "C/G" in listed else grids[1]
        keys.insert(1 if "N" not in listed else 0, channel)
    if not keys:
        return np.zeros(shape, dtype=int)
    sizes = [int(k.max()) + 1 for k in keys]
    return np.ravel_multi_index(tuple(keys), sizes)


def _table(bank) -> tuple[tuple[str, ...], ...]:
    topic = bank.topic("reduction-axes")
    return next(e.table for e in topic.sheet if e.table and e.table[0][0] == "norm")


def test_the_sheets_table_is_what_the_drills_reduce_over(bank):
    """Each row's reduction, count of statistics and values per statistic: LN, GN and IN by the
    per-sample norm drills' reference (IN is GroupNorm with G = C), BN by the batch-norm drills'."""
    drills = {
        "BN": None,
        "LN (C, H, W)": ("layer", 3),
        "IN": ("group", SHAPE[1]),
        "GN, G = 32": ("group", 32),
        "RMSNorm (C, H, W)": ("rms", 3),
    }
    rows = _table(bank)[1:]
    assert {row[0] for row in rows} == set(drills)
    for name, over, per, count, _gamma in rows:
        if drills[name] is None:
            labels = batchnorm.groups(SHAPE, "channel").compute
        else:
            kind, size = drills[name]
            labels = _groups(kind, SHAPE, size)
        statistics = int(re.fullmatch(r".+ \((\d+)\)", per).group(1))
        over = over.replace(" (no mean)", "")
        assert _same_partition(labels, _over(over, SHAPE, 32 if "C/G" in over else 1)), name
        assert len(np.unique(labels)) == statistics, name
        assert labels.size // statistics == int(count.replace(",", "")), name


def test_eps_sits_inside_the_root_on_the_sheet_in_the_bank_and_in_the_drills(bank):
    entry = next(e for e in bank.topic("reduction-axes").sheet if e.table and e.table[0][0] == "norm")
    assert "√(σ_S² + ε)" in entry.formula
    x = np.random.default_rng(0).normal(3.0, 2.0, (4, 6))
    for kind, size in (("layer", 1), ("group", 3), ("rms", 1)):
        fwd = nz.forward(nz.Call(kind, x, size, None, None, 0.5), {})
        labels = _groups(kind, x.shape, size)
        if kind == "rms":
            spread = np.bincount(labels.ravel(), (x**2).ravel()) / np.bincount(labels.ravel())
            expected = x / np.sqrt(spread[labels] + 0.5)
        else:
            count = np.bincount(labels.ravel())
            mean = (np.bincount(labels.ravel(), x.ravel()) / count)[labels]
            var = (np.bincount(labels.ravel(), ((x - mean) ** 2).ravel()) / count)[labels]
            expected = (x - mean) / np.sqrt(var + 0.5)
        assert np.allclose(fwd.y, expected, rtol=0, atol=1e-12), kind
    for name in ("layernorm", "groupnorm", "rmsnorm"):
        assert any("eps inside the square root" in line for line in DRILLS[name].editions[0].conventions)
    rms = bank.question("sequences/rmsnorm-value")
    assert "without subtracting the mean" in rms.explain


def test_the_banks_keyed_answers_are_what_the_drills_compute(bank):
    # RMSNorm on one token [1, 2, 3, 4] (γ = 1, ε ignored): feature 4's output
    token = np.array([[1.0, 2.0, 3.0, 4.0]])
    y = nz.forward(nz.Call("rms", token, 1, None, None, 1e-30), {}).y
    q = bank.question("sequences/rmsnorm-value")
    assert abs(y[0, 3] - q.answer) <= q.tolerance
    # RMSNorm(d) on (B, T, d): one statistic per token, (B, T, 1) kept
    b, t, d = 2, 3, 5
    rms = _groups("rms", (b, t, d), 1)
    assert len(np.unique(rms)) == b * t
    kept = tuple(symbol if np.any(np.diff(rms, axis=axis)) else 1 for axis, symbol in enumerate("BTd"))
    assert bank.question("sequences/rms-statistic-shape").answer == kept
    # LayerNorm(d) on (B, T, d): per token, not each feature across the tokens
    per_token = _groups("layer", (b, t, d), 1)
    assert _same_partition(per_token, np.indices((b, t, d))[0] * t + np.indices((b, t, d))[1])
    assert bank.question("sequences/ln-axis").answer is False
    # LayerNorm(14) on (8, 64, 14, 14): one mean per (n, c, h) row
    assert (
        len(np.unique(_groups("layer", SHAPE, 1)))
        == bank.question("reduction-axes/layernorm-trailing-dims").answer
    )
    # GroupNorm's extremes: G = 1 is LayerNorm over (C, H, W), G = C is InstanceNorm
    extremes = bank.question("reduction-axes/gn-extremes")
    assert extremes.choices[extremes.answer].startswith(
        "G = 1 equals LayerNorm over (C, H, W); G = C equals InstanceNorm"
    )
    shape = (2, 6, 3, 4)
    assert _same_partition(_groups("group", shape, 1), _groups("layer", shape, 3))
    assert _same_partition(_groups("group", shape, 6), _over("H, W", shape))
    # the norm family's sets: BN (N, H, W) per channel, IN (H, W), GN G = 32 over 392 values
    sets = bank.question("reduction-axes/norm-family-sets")
    assert sorted(sets.answer) == [0, 2, 3]
    gn = _groups("group", SHAPE, 32)
    assert np.bincount(gn.ravel()).tolist() == [392] * (8 * 32)
    assert not _same_partition(_groups("layer", SHAPE, 3), _over("N", SHAPE))  # LN is not BN transposed


def test_the_sheets_syncbn_is_what_the_syncbn_drill_grades(bank):
    """SyncBN on the sheet: per-GPU Σx, Σx² and counts all-reduced, so μ_B and σ_B are over all
    GPUs' samples: the syncbn drill's reference computes exactly that, and not the average of
    the ranks' own statistics."""
    from bnquiz.drills.specs.syncstats import batch_statistics

    entry = next(e for e in bank.topic("small-batch").sheet if any(r[0] == "SyncBN" for r in e.table))
    assert "all-reduce Σx, Σx², count" in entry.text
    assert next(r for r in entry.table if r[0] == "SyncBN")[1] == "μ_B, σ_B over all GPUs' samples"
    rng = np.random.default_rng(3)
    shards = [rng.normal(3.0 + rank, 2.0, (n, 4, 5)) for rank, n in enumerate((2, 5, 1))]
    sums = [(s.shape[0] * 5, s.sum(axis=(0, 2)), (s**2).sum(axis=(0, 2))) for s in shards]
    count, total, squares = (sum(parts) for parts in zip(*sums, strict=True))
    mean, var = total / count, squares / count - (total / count) ** 2
    pooled = np.concatenate(shards)
    assert np.allclose(var, pooled.var(axis=(0, 2)), atol=1e-12)
    for m, v, n in batch_statistics([s[None] for s in shards], {}):
        assert np.allclose(m[0], mean, atol=1e-12) and np.allclose(v[0], var, atol=1e-12) and n == count
    averaged = batch_statistics([s[None] for s in shards], {"train.sync": "var-averaged"})[0][1][0]
    assert not np.allclose(averaged, var, atol=1e-3)  # the ranks' own variances leave out their means' spread
