"""On a machine with CUDA the battery runs there too; elsewhere these tests say why they skip."""

from __future__ import annotations

from pathlib import Path

import pytest

from bnquiz.drills import specs
from bnquiz.drills.grader import grade

torch = pytest.importorskip("torch")
pytestmark = [
    pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA device: CUDA checks skipped"),
    pytest.mark.slow,
]
CORPUS = Path(__file__).parent / "drills"


@pytest.mark.parametrize(
    "path",
    [
        "forward/reference.py",
        "forward/correct/float64-internal.py",
        "forward/correct/var-mean-correction0.py",
        "d2l/reference.py",
        "fold/reference.py",
        "fold/reference_module.py",
        "autograd/reference.py",
        "module/reference.py",
        "layernorm/reference.py",
        "groupnorm/reference.py",
        "rmsnorm/reference.py",
        "rmsnorm/correct/llama-float32.py",
        "syncbn/reference.py",
    ],
)
def test_correct_code_passes_on_cuda_in_float32_and_float16(path):
    drill, form = specs.infer(CORPUS / path)
    verdict = grade(CORPUS / path, drill, form, device="cuda")
    cuda = [c for c in verdict.checks if c.scenario.startswith("cuda-")]
    assert cuda and all(c.status == "pass" for c in cuda), [c for c in cuda if c.status != "pass"]
    assert verdict.status == "passed"


@pytest.mark.parametrize(
    ("path", "mistake"),
    [
        ("forward/wrong/unbiased-variance.py", "unbiased-variance"),
        ("forward/wrong/momentum-flipped.py", "momentum-flipped"),
        ("autograd/wrong/dbeta-averaged.py", "dbeta-averaged"),
        ("module/wrong/stats-plain-attributes.py", "stats-plain-attributes"),
        ("fold/wrong/eps-missing.py", "fold-eps-missing"),
        ("groupnorm/wrong/groups-interleaved.py", "groups-interleaved"),
        ("rmsnorm/wrong/rms-mean-subtracted.py", "rms-mean-subtracted"),
        ("layernorm/wrong/last-dim-only.py", "last-dim-only"),
    ],
)
def test_mistakes_are_named_on_cuda(path, mistake):
    drill, form = specs.infer(CORPUS / path)
    verdict = grade(CORPUS / path, drill, form, device="all")
    assert mistake in [f.id for f in verdict.findings]
