from __future__ import annotations

import functools
from pathlib import Path

import pytest
import typer.testing
from typer.testing import CliRunner

from bnquiz.cli import app

# The command tree is built from the app's functions once, not at every invoke (a sixth of the
# everyday loop went into rebuilding it); a command line still runs through all of it. A private
# name of Typer's testing module: if it is ever renamed, the tests only run slower.
if hasattr(typer.testing, "_get_command"):
    typer.testing._get_command = functools.cache(typer.testing._get_command)

TINY = Path(__file__).parent / "banks" / "tiny"


@pytest.fixture(scope="session")
def shared_cache(tmp_path_factory):
    """One cache for the whole run, inside pytest's own temporary folder: parsing the bundled
    bank once, not once per test, keeps the everyday loop fast. The cache is keyed by the
    banks' paths (and their size and time), and each test's own banks are in its own folder."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def language():
    """Each test starts in the language the environment chooses (a command run in process keeps
    the one its --lang chose until the next command starts)."""
    from bnquiz import language

    language.forget()
    yield
    language.forget()


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch, shared_cache):
    """Keep every run's state and files inside the test's own folder (the cache in the run's)."""
    monkeypatch.setenv("BNQUIZ_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(shared_cache))
    # matplotlib (`lab --png`) keeps its settings and font cache in ~/.config unless told
    monkeypatch.setenv("MPLCONFIGDIR", str(shared_cache / "matplotlib"))
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


@pytest.fixture
def own_cache(tmp_path, monkeypatch):
    """A cache of this test's own, empty at the start, for the tests about the cache itself."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache"
