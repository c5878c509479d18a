"""The naive baseline the generator is compared with, in a fresh process.

    python bench/naive.py FACTS_DIR

Pure-Python YAML (yaml.load with yaml.SafeLoader, no libyaml) and, for every fact in
each language, a Jinja environment and template built afresh and rendered: how a
first script would do it. Prints one JSON line with the seconds taken.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import yaml
from jinja2 import Environment

FACT_TEMPLATE = """\
## {{ fact.label[lang] }} { #{{ fact.id }} }

| {{ words.value }} | {{ words.source }} |
| --- | --- |
{% for value in fact["values"] %}
| {{ "{:,}".format(value.amount) }} {{ value.get("scale", "") }} {{ value.unit }} \
| {{ value.source }}, {{ value.paragraph }} |
{% endfor %}
"""
WORDS = {
    "ar": {"value": "القيمة", "source": "المصدر"},
    "en": {"value": "Value", "source": "Source"},
}


def main(folder: Path) -> None:
    clock = time.perf_counter()
    facts = []
    for path in sorted(folder.rglob("*.yml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
        facts.extend(data.get("facts", []))
    loaded = time.perf_counter() - clock
    pages = []
    for lang in ("ar", "en"):
        for fact in facts:
            template = Environment(autoescape=True).from_string(FACT_TEMPLATE)
            pages.append(template.render(fact=fact, lang=lang, words=WORDS[lang]))
    total = time.perf_counter() - clock
    print(json.dumps({"s": total, "load_s": loaded, "facts": len(facts), "pages": len(pages)}))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
