"""`bnquiz schema`: the JSON Schema editors read agrees with `validate`, on the bundled bank, on
every broken file of the validate tests, and key by key on a bank with every kind."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
import yaml
from bankcases import BROKEN, GOOD, WRONG_SHAPES
from conftest import TINY

from bnquiz.quiz.loader import collect

jsonschema = pytest.importorskip("jsonschema")

BUNDLED = Path(__file__).parent.parent / "questions"
SHIPPED = BUNDLED / "bank.schema.json"
# what no JSON Schema can say, and so only `validate` finds: the message → why
BEYOND_A_SCHEMA = {
    "must be 'mine/<kebab-case>'": "a question id must start with the id of its topic: another value",
    "duplicate key": "YAML keeps the last of two equal keys; the editor's YAML parser flags it",
    "not valid Python": "a check's Python syntax",
}
NUMBER = GOOD.replace("kind: choice", "kind: number").replace("choices: [x, y]", "tolerance: 0.1")
MORE_BROKEN = {
    "a number answer needs a check": NUMBER,
    "a check must use the answer": NUMBER.replace("    sources:", "    check: assert True\n    sources:"),
    "not valid Python": NUMBER.replace("    sources:", "    check: assert answer ==\n    sources:"),
}


@pytest.fixture(scope="module")
def validator(bnquiz_module):
    result = bnquiz_module("schema")
    assert result.exit_code == 0, result.output
    schema = json.loads(result.output)
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


@pytest.fixture(scope="module")
def bnquiz_module(tmp_path_factory):
    from typer.testing import CliRunner

    from bnquiz.cli import app

    return lambda *args: CliRunner().invoke(app, list(args))


def errors(validator, text: str) -> list[str]:
    """What the schema finds wrong with a YAML text (a text YAML cannot read: one error)."""
    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        return [f"invalid YAML: {exc}"]
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]


def problems(tmp_path: Path, text: str, name: str = "mine.yaml") -> list[str]:
    path = tmp_path / "bank" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return [p.message for p in collect([path])[1]]


def test_the_shipped_schema_is_what_bnquiz_schema_prints(bnquiz_module):
    assert bnquiz_module("schema").output == SHIPPED.read_text(encoding="utf-8"), (
        "regenerate it: bnquiz schema > questions/bank.schema.json"
    )


@pytest.mark.slow  # the schema over every file of the bank
@pytest.mark.parametrize("path", sorted(BUNDLED.glob("*.yaml")), ids=lambda p: p.name)
def test_every_bundled_file_names_the_schema_and_passes_it(validator, path):
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=bank.schema.json\n")
    assert errors(validator, text) == []


def test_the_good_file_passes_both(validator, tmp_path):
    assert errors(validator, GOOD) == []
    assert problems(tmp_path, GOOD) == []


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [GOOD.replace(old, new, 1) for old, new, _line, _message in BROKEN]
    + WRONG_SHAPES
    + list(MORE_BROKEN.values()),
    ids=[message for *_rest, message in BROKEN]
    + [f"shape {i}" for i in range(len(WRONG_SHAPES))]
    + list(MORE_BROKEN),
)
def test_every_broken_file_of_the_validate_tests_is_rejected(validator, tmp_path, text):
    found = problems(tmp_path, text)
    assert found, "validate must reject it"
    if any(message in p for message in BEYOND_A_SCHEMA for p in found):
        return  # validate alone can see it (each such case is asserted in test_validate)
    assert errors(validator, text), f"the schema passes what validate rejects: {found}"


def _without_each_key(item: dict) -> list[tuple[str, dict]]:
    return [(key, {k: v for k, v in item.items() if k != key}) for key in item]


@pytest.mark.slow
def test_without_any_one_key_the_schema_and_validate_agree(validator, tmp_path):
    """Every item of a bank with every kind (the topic, each sheet entry, each question) loses
    one key at a time: the schema rejects the file exactly when validate does."""
    data = yaml.safe_load((TINY / "tiny.yaml").read_text(encoding="utf-8"))
    variants = []
    for key, topic in _without_each_key(data["topic"]):
        variants.append((f"topic without {key}", {**data, "topic": topic}))
    for i, entry in enumerate(data["topic"].get("sheet", [])):
        for key, smaller in _without_each_key(entry):
            sheet = [smaller if j == i else e for j, e in enumerate(data["topic"]["sheet"])]
            variants.append(
                (f"sheet entry {i} without {key}", {**data, "topic": {**data["topic"], "sheet": sheet}})
            )
    for i, question in enumerate(data["questions"]):
        for key, smaller in _without_each_key(question):
            questions = [smaller if j == i else q for j, q in enumerate(data["questions"])]
            variants.append((f"{question['id']} without {key}", {**data, "questions": questions}))
    disagree = []
    for name, variant in variants:
        text = yaml.safe_dump(variant, allow_unicode=True, sort_keys=False)
        by_schema, by_validate = bool(errors(validator, text)), bool(problems(tmp_path, text))
        if by_schema != by_validate:
            disagree.append(f"{name}: schema {'rejects' if by_schema else 'passes'}")
    assert len(variants) > 60
    assert disagree == []


def test_with_bank_the_schema_knows_that_banks_sources(bnquiz_module, tmp_path):
    bank = tmp_path / "bank"
    bank.mkdir()
    (bank / "sources.yaml").write_text(
        "format: 1\nsources:\n  - id: mine2026\n    short: Me 2026\n    title: My notes\n    url: https://example.org\n",
        encoding="utf-8",
    )
    mine = GOOD.replace("[ioffe2015]", "[mine2026 §2]")
    (bank / "mine.yaml").write_text(mine, encoding="utf-8")
    assert problems(tmp_path, mine) == []
    result = bnquiz_module("schema", "--bank", str(bank))
    assert result.exit_code == 0, result.output
    own = jsonschema.Draft7Validator(json.loads(result.output))
    assert errors(own, mine) == []
    shipped = jsonschema.Draft7Validator(json.loads(SHIPPED.read_text(encoding="utf-8")))
    assert errors(shipped, mine)  # the bundled schema does not know it
