"""JSON Lines in: one object per line, each bad line reported by its number, none fatal."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator


def json_objects(lines: Iterable[str]) -> Iterator[tuple[int, dict | str]]:
    """(line number, object) for each non-empty line, or (line number, why it is not one)."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, f"不是有效的 JSON：{exc.msg}"
            continue
        if not isinstance(value, dict):
            yield number, "每行应是一个 JSON 对象 {…}"
            continue
        yield number, value
