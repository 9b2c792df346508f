"""`bnquiz.check`: one entry point for files, modules and function objects (from a script, a
notebook cell, a module; the object passed is the one graded), whose code still runs only in the
sandboxed child. What cannot be sent says so in one line."""

from __future__ import annotations

import json
import linecache
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import bnquiz
from bnquiz.errors import UsageError

CORPUS = Path(__file__).parent / "drills"
REFERENCE = (CORPUS / "forward" / "reference.py").read_text()
WRONG = (CORPUS / "forward" / "wrong" / "unbiased-variance.py").read_text()


def _cell(source: str, name: str = "<ipython-input-7-0a1b2c>") -> dict:
    """Run source as a notebook runs a cell: its text kept in linecache, its namespace __main__."""
    linecache.cache[name] = (len(source), None, source.splitlines(True), name)
    namespace = {"__name__": "__main__"}
    exec(compile(source, name, "exec"), namespace)  # what a notebook does
    return namespace


@pytest.mark.slow
def test_a_function_from_a_script_is_checked_and_redefining_it_changes_nothing(tmp_path):
    script = tmp_path / "practice.py"
    script.write_text(
        "import bnquiz\n"
        + WRONG.split("import torch", 1)[1].replace("def batch_norm(", "def batch_norm(", 1)
        + "\nfirst = batch_norm\n"
        + REFERENCE.split("import torch", 1)[1]
        + textwrap.dedent(
            """
            if __name__ == "__main__":
                import torch
                old = bnquiz.check(first, device="cpu", record=False)
                new = bnquiz.check(batch_norm, device="cpu", record=False)
                print(old.passed, [f.id for f in old.findings], new.passed)
            """
        ).replace("import bnquiz\n", "")
    )
    script.write_text("import torch\n" + script.read_text())
    result = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[0] == "False ['unbiased-variance'] True"


@pytest.mark.slow
def test_a_notebook_cell_function_is_sent_with_what_it_uses():
    namespace = _cell(
        "import torch\nEPS_FLOOR = 0.0\n\n"
        "def _dims(x):\n    return [0] + list(range(2, x.dim()))\n\n"
        + REFERENCE.split("import torch", 1)[1].replace(
            "dims = [0] + list(range(2, x.dim()))", "dims = _dims(x)"
        )
    )
    verdict = bnquiz.check(namespace["batch_norm"], device="cpu", record=False)
    assert verdict.passed, [f.title for f in verdict.findings]
    assert verdict.file == "batch_norm from your notebook"


@pytest.mark.slow
def test_cs231n_from_one_function_takes_its_backward_from_the_same_namespace():
    namespace = _cell((CORPUS / "cs231n" / "reference.py").read_text(), "<ipython-input-9-cs>")
    verdict = bnquiz.check(namespace["batchnorm_forward"], record=False)
    assert verdict.drill == "cs231n" and verdict.passed


@pytest.mark.slow
def test_a_function_with_another_name_is_graded_under_the_drill_it_is_given():
    namespace = _cell(REFERENCE.replace("def batch_norm(", "def my_bn("), "<ipython-input-11-x>")
    assert bnquiz.check(namespace["my_bn"], drill="forward", device="cpu", record=False).passed


@pytest.mark.slow
def test_a_submission_imports_a_helper_from_its_own_folder(tmp_path):
    (tmp_path / "stats_helpers.py").write_text(
        "def channel_dims(x):\n    return [0] + list(range(2, x.dim()))\n"
    )
    solution = tmp_path / "solution.py"
    solution.write_text(
        "from stats_helpers import channel_dims\n"
        + REFERENCE.replace("dims = [0] + list(range(2, x.dim()))", "dims = channel_dims(x)")
    )
    assert bnquiz.check(solution, device="cpu", record=False).passed
    sys.path.insert(0, str(tmp_path))
    try:
        import solution as module  # an imported module, and a function from it

        assert bnquiz.check(module, device="cpu", record=False).passed
        assert bnquiz.check(module.batch_norm, device="cpu", record=False).passed
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop("solution", None)
        sys.modules.pop("stats_helpers", None)


@pytest.mark.slow
def test_a_class_is_checked_from_the_module_it_is_defined_in(tmp_path, monkeypatch):
    """The module and autograd drills are classes: bnquiz.check takes the class object."""
    (tmp_path / "mybn.py").write_text((CORPUS / "module" / "reference.py").read_text())
    (tmp_path / "myfn.py").write_text((CORPUS / "autograd" / "wrong" / "dbeta-averaged.py").read_text())
    monkeypatch.syspath_prepend(str(tmp_path))
    import mybn
    import myfn

    verdict = bnquiz.check(mybn.BatchNorm2d, device="cpu", record=False)
    assert verdict.passed and verdict.drill == "module", [f.title for f in verdict.findings]
    verdict = bnquiz.check(myfn.BatchNormFunction, device="cpu", record=False)
    assert verdict.drill == "autograd" and [f.id for f in verdict.findings] == ["dbeta-averaged"]
    for name in ("mybn", "myfn"):
        sys.modules.pop(name, None)


def test_what_cannot_be_sent_is_refused_in_one_line():
    with pytest.raises(UsageError, match="a lambda cannot be checked"):
        bnquiz.check(lambda x: x)
    namespace: dict = {"__name__": "__main__"}
    exec("def batch_norm(x, *args):\n    return x\n", namespace)  # no source kept anywhere
    with pytest.raises(UsageError, match=r"no source for batch_norm .*save it in a \.py file"):
        bnquiz.check(namespace["batch_norm"])
    torch = pytest.importorskip("torch")
    weight = torch.ones(3)
    source = "def make(w):\n    def batch_norm(x, *args):\n        return x * w\n    return batch_norm\n"
    built = _cell(source, "<ipython-input-12-c>")["make"](weight)
    with pytest.raises(UsageError, match=r"uses 'w' \(a Tensor\), which cannot be sent"):
        bnquiz.check(built)
    exec("class BatchNorm2d:\n    pass\n", namespace)  # no source kept anywhere
    with pytest.raises(UsageError, match=r"no source for class BatchNorm2d: save it in a \.py file"):
        bnquiz.check(namespace["BatchNorm2d"])
    with pytest.raises(UsageError, match="takes a file path, a module, a function or a class, not an int"):
        bnquiz.check(42)
    with pytest.raises(UsageError, match="no such file"):
        bnquiz.check("no-such-file.py")


def test_a_closure_over_plain_values_travels(tmp_path):
    from bnquiz.drills.submission import prepare

    source = "def make(scale):\n    def double(x):\n        return scale * x\n    return double\n"
    built = _cell(source, "<ipython-input-13-d>")["make"](2)
    prepared = prepare(built)
    try:
        text = prepared.path.read_text()
        assert "scale = 2" in text and "def double(x):" in text
    finally:
        prepared.discard()
    assert not prepared.path.exists()


@pytest.mark.slow
def test_the_verdict_renders_as_json_rich_and_html(tmp_path):
    verdict = bnquiz.check(CORPUS / "forward" / "wrong" / "momentum-flipped.py", device="cpu")
    assert not verdict.passed and [f.id for f in verdict.findings] == ["momentum-flipped"]
    data = json.loads(verdict.to_json())
    assert data["findings"][0]["id"] == "momentum-flipped" and data["status"] == "failed"
    from rich.console import Console

    with open(tmp_path / "out.txt", "w") as sink:
        console = Console(record=True, width=80, file=sink)
        console.print(verdict)
    assert "momentum-flipped" in console.export_text()
    bundle = verdict._repr_mimebundle_()
    assert "momentum-flipped" in bundle["text/plain"] and "<" in bundle["text/html"]
    from bnquiz.progress.database import open_store
    from bnquiz.progress.stats import drill_stats

    opened = open_store()  # record=True kept it (in this test's own BNQUIZ_HOME)
    try:
        assert [d.checks for d in drill_stats(opened.store, ["forward"])] == [1]
    finally:
        opened.store.close()


@pytest.mark.slow
def test_a_check_in_one_language_then_another_speaks_the_second(monkeypatch):
    """The battery is built once per process and language: its words are never the last
    language's (a notebook may switch, the tests do)."""
    from bnquiz.language import forget

    path = CORPUS / "forward" / "wrong" / "momentum-flipped.py"
    monkeypatch.setenv("BNQUIZ_LANG", "zh")
    forget()
    chinese = bnquiz.check(path, device="cpu", record=False)
    monkeypatch.setenv("BNQUIZ_LANG", "en")
    forget()
    english = bnquiz.check(path, device="cpu", record=False)
    assert "训练" in chinese.findings[0].evidence.about
    assert "train" in english.findings[0].evidence.about and "训练" not in english.findings[0].evidence.about
