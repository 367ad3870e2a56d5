"""Lessons learned: lessons with their sources and discussion, the evaluation's findings, the glossary's
editing screens and saved searches' pages. Search (the engine, its page and API) is `portal/search`."""
