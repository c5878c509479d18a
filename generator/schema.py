"""Export the JSON Schema that editors use, from the model (draft-07, for yaml-language-server)."""

from __future__ import annotations

import json
from typing import Any

from pydantic import TypeAdapter

from .model import FactsFile

SCHEMA_FILE = "schema/facts.schema.json"


def export() -> str:
    """The schema of one fact file as stable, pretty JSON text."""
    schema: dict[str, Any] = TypeAdapter(FactsFile).json_schema(
        ref_template="#/definitions/{model}", mode="validation"
    )
    schema["definitions"] = schema.pop("$defs", {})
    ordered = {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": "https://explainer.invalid/schema/facts.schema.json",
        **schema,
    }
    return json.dumps(ordered, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
