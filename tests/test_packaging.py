"""The wheel carries every module, the bank and the message catalogs, and the bank is found from
an installed wheel."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_carries_the_bank_and_loads_it(tmp_path):
    # pip and what it runs get a home of their own: the user's is never written
    env = {**os.environ, "HOME": str(tmp_path / "home"), "PIP_NO_CACHE_DIR": "1"}
    # built from a copy: setuptools never empties its build/ folder, and a module deleted from
    # the source must be missing from the wheel too
    source = tmp_path / "source"
    skip = shutil.ignore_patterns(".*", "build", "dist", "*.egg-info", "__pycache__", "tests", "benchmarks")
    shutil.copytree(ROOT, source, ignore=skip)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        env=env,
    )
    (wheel,) = tmp_path.glob("bnquiz-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    shipped = {Path(n).name for n in names if n.startswith("bnquiz/questions/")}
    expected = {p.name for p in (ROOT / "questions").glob("*.yaml")}
    assert expected and expected <= shipped
    assert "bank.schema.json" in shipped  # the schema its files name, for editors
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "bnquiz").rglob("*.py")}
    assert modules and modules <= set(names), sorted(modules - set(names))
    catalogs = {p.relative_to(ROOT).as_posix() for p in (ROOT / "bnquiz" / "locale").rglob("*.mo")}
    assert catalogs and catalogs <= set(names)  # the Chinese interface
    assert {"bnquiz/sheet/fonts/bnquiz-cjk.otf", "bnquiz/sheet/fonts/OFL.txt"} <= set(names)  # its PDF font
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
        env=env,
    )
    code = "import bnquiz.quiz.loader as b; bank = b.load_bank(); print(b._bundled(), len(bank.questions))"
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**env, "PYTHONPATH": str(target)},
    )
    assert result.returncode == 0, result.stderr
    where, count = result.stdout.split()
    assert where.startswith(str(target))
    assert int(count) > 0
