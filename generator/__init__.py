"""Bilingual explainer generator: YAML facts in, Arabic and English Material site out."""
