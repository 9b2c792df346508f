from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bnquiz.cli import app

TINY = Path(__file__).parent / "banks" / "tiny"


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    """Keep every run's state and files inside the test's own folder."""
    monkeypatch.setenv("BNQUIZ_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def bnquiz():
    """Run the real command in process: bnquiz(*args, input=...) -> Result."""
    runner = CliRunner()

    def run(*args: str, input: str | None = None, env: dict[str, str] | None = None):
        return runner.invoke(app, list(args), input=input, env=env)

    return run
