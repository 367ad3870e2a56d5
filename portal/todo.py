"""The signed-in home page's to-do list: each feature says what a person has to do in its `queries.todo_for(user)`
(only what the person's roles allow), and the home page collects them through the feature registry, so the
core names no feature."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import features


@dataclass(frozen=True)
class TodoItem:
    text: str                  # translated, with the count: "3 progress reports to review"
    count: int
    endpoint: str              # where to do it
    url_args: dict = field(default_factory=dict)
    detail: str = ""           # e.g. the reporting cycle and its due date


def collect(user: Any) -> list[TodoItem]:
    """What `user` has to do, in the features' order; nothing for a visitor."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    items: list[TodoItem] = []
    for _feature, queries in features.modules("queries"):
        todo_for = getattr(queries, "todo_for", None)
        if todo_for is not None:
            items.extend(item for item in todo_for(user) if item.count > 0)
    return items
