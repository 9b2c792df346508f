"""The message catalogs: in step with the code (`scripts/catalog.py --check`), every message
translated, every translation keeping its message's placeholders, and the compiled catalog the
one bnquiz reads."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "bnquiz" / "locale" / "zh" / "LC_MESSAGES" / "bnquiz.po"


@pytest.fixture(scope="module")
def catalog_script():
    spec = importlib.util.spec_from_file_location("catalog_script", ROOT / "scripts" / "catalog.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["catalog_script"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def messages():
    from babel.messages.pofile import read_po

    with PO.open("rb") as handle:
        return [m for m in read_po(handle, locale="zh") if m.id]


def test_the_catalogs_are_in_step_with_the_code(catalog_script):
    assert catalog_script.stale() == [], "run python scripts/catalog.py"


def test_every_message_is_translated_and_keeps_its_placeholders(messages):
    assert len(messages) > 50
    for message in messages:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), f"untranslated: {ids[0]!r}"
        wanted = set(re.findall(r"\{\w+\}", ids[-1]))
        for string in strings:
            assert set(re.findall(r"\{\w+\}", string)) == wanted, (ids[0], string)


def test_bnquiz_reads_the_compiled_catalog(monkeypatch):
    from bnquiz import language

    language.use("zh")
    try:
        assert language._("Score by topic") == "各主题得分"
        assert language.ngettext("{count} day", "{count} days", 3).format(count=3) == "3 天"
        assert language._("a message nobody wrote") == "a message nobody wrote"
    finally:
        language.forget()
    assert language._("Score by topic") == "Score by topic"
