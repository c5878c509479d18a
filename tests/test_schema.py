"""The JSON Schema that editors use: committed as exported, draft-07, named by every fact
file, mapped in VS Code, and in agreement with the model on real and broken files."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft7Validator

from generator import schema
from tests.helpers import FACTS, FIXTURE, ROOT

SCHEMA_FILE = ROOT / schema.SCHEMA_FILE
SCHEMA_LINE = re.compile(r"# yaml-language-server: \$schema=(\S+)\n")
FACT_FILES = sorted(FACTS.rglob("*.yml"))
CORPUS = Path(__file__).parent / "bad_input"
DRAFT_07_KEYWORDS = {
    "$schema", "$id", "$ref", "definitions", "title", "description", "default", "examples",
    "type", "properties", "additionalProperties", "required", "items", "anyOf", "allOf",
    "oneOf", "enum", "const", "pattern", "minimum", "maximum", "exclusiveMinimum",
    "exclusiveMaximum", "minItems", "maxItems", "minLength", "maxLength", "format",
}  # fmt: skip
# Keywords that are not JSON Schema, so editors would ignore them. May only shrink.
NOT_DRAFT_07: set[str] = set()
# Fields the editor shows no explanation for yet (descriptions belong in generator/model.py).
# The list may only shrink: a new field without a description fails the test below.
UNDESCRIBED: set[str] = set()


def committed() -> dict[str, Any]:
    return dict(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))


def test_the_committed_schema_is_the_exported_one() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema.export(), (
        "schema/facts.schema.json is out of date: run `make schema` and commit it"
    )


def test_the_schema_is_draft_07() -> None:
    document = committed()
    assert document["$schema"] == "http://json-schema.org/draft-07/schema#"
    used: set[str] = set()
    refs: set[str] = set()

    def walk(node: Any, under_properties: bool = False) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if not under_properties:
                    used.add(key)
                if key == "$ref":
                    refs.add(value)
                walk(value, under_properties=key in ("properties", "definitions"))
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(document)
    unknown = used - DRAFT_07_KEYWORDS
    assert unknown <= NOT_DRAFT_07, f"not draft-07, editors ignore them: {sorted(unknown)}"
    for ref in refs:
        assert ref.startswith("#/definitions/")
        assert ref.removeprefix("#/definitions/") in document["definitions"]


def test_every_field_explains_itself_in_the_editor() -> None:
    document = committed()
    models = {"FactsFile": document, **document["definitions"]}
    undescribed = {
        f"{name}.{field}"
        for name, model in models.items()
        for field, spec in model.get("properties", {}).items()
        if "description" not in spec
    }
    assert undescribed <= UNDESCRIBED, f"add a description in the model: {undescribed}"


@pytest.mark.parametrize("path", FACT_FILES, ids=lambda p: p.relative_to(FACTS).as_posix())
def test_every_fact_file_names_the_schema(path: Path) -> None:
    first = path.read_text(encoding="utf-8").split("\n", 1)[0] + "\n"
    found = SCHEMA_LINE.fullmatch(first)
    assert found, f"{path} must start with '# yaml-language-server: $schema=...'"
    assert (path.parent / found.group(1)).resolve() == SCHEMA_FILE


def test_vscode_maps_the_schema_and_recommends_the_extension() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    patterns = settings["yaml.schemas"][f"./{schema.SCHEMA_FILE}"]
    assert "facts/**/*.yml" in patterns
    extensions = json.loads((ROOT / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in extensions["recommendations"]


# -- the schema against files: what the editor would say ---------------------------------


def schema_errors(data: Any) -> list[str]:
    """What a draft-07 validator, as in the editor's language server, says of the data."""
    validator = Draft7Validator(committed())
    return [f"{error.json_path}: {error.message}" for error in validator.iter_errors(data)]


@pytest.mark.parametrize(
    "path",
    [*FACT_FILES, *sorted(FIXTURE.rglob("*.yml")), *sorted((CORPUS / "base").glob("*.yml"))],
    ids=lambda p: p.relative_to(ROOT).as_posix(),
)
def test_the_schema_accepts_valid_files(path: Path) -> None:
    """An editor must not underline a file that the build accepts."""
    data = yaml.safe_load(path.read_text(encoding="utf-8").replace("\t", " "))
    data = json.loads(json.dumps(data, default=str))  # as the language server sees YAML
    assert schema_errors(data) == []


@pytest.mark.parametrize(
    "case",
    [
        "unknown-key-misspelt",
        "unknown-key-language",
        "type-amount-is-words",
        "type-unit-misspelt",
        "id-uppercase",
        "id-path-traversal",
        "missing-required-key",
        "number-negative-percentage",
        "type-pending-unknown-language",
    ],
)
def test_the_schema_flags_mistakes_as_the_editor_types(case: str) -> None:
    """The editor underlines these before any command runs."""
    spec = yaml.safe_load((CORPUS / "cases" / f"{case}.yml").read_text(encoding="utf-8"))
    (text,) = spec["files"].values()
    assert schema_errors(yaml.safe_load(text)) != []
