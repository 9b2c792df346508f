"""`bnquiz.check` in a real Jupyter kernel: a function defined in a notebook cell is graded, and
the report shows as HTML (its table, the finding, the hint) under the cell."""

from __future__ import annotations

from pathlib import Path

import pytest

CORPUS = Path(__file__).parent / "drills" / "forward"
pytestmark = pytest.mark.slow  # a kernel starts, imports torch and grades twice


def test_a_notebook_cell_function_is_graded_and_shown_as_html(tmp_path, monkeypatch):
    nbformat = pytest.importorskip("nbformat")  # here, not at collection: a kernel's imports are heavy
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    pytest.importorskip("torch")
    for variable in ("JUPYTER_RUNTIME_DIR", "JUPYTER_DATA_DIR", "JUPYTER_CONFIG_DIR", "IPYTHONDIR"):
        monkeypatch.setenv(variable, str(tmp_path / variable.lower()))  # never the user's own
    check = 'bnquiz.check(batch_norm, device="cpu", record=False)'
    cells = [
        "import bnquiz",
        (CORPUS / "reference.py").read_text(),
        check,
        (CORPUS / "wrong" / "eps-missing.py").read_text(),
        check,
    ]
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    client = nbclient.NotebookClient(
        notebook, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()
    right, wrong = (_html(notebook.cells[i]) for i in (2, 4))
    assert "<table" in right and "✓ right" in right
    assert "PASSED 74 of 74 checks passed" in right
    assert "batch_norm from your notebook" in right
    assert "<table" in wrong and "✗ eps-missing" in wrong  # the code-path table
    assert "You left eps out" in wrong  # the finding
    assert "Hint: Divide by sqrt(var + eps)" in wrong  # its hint
    assert "FAILED" in wrong and "1 finding" in wrong
    assert "<pre" not in wrong  # a page, not a picture of a terminal


def _html(cell) -> str:
    results = [o for o in cell.outputs if o.output_type == "execute_result"]
    assert results, cell.outputs
    return str(results[0].data["text/html"])
