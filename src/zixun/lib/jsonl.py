"""JSON Lines in: one object per line, each bad line reported by its number, none fatal."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator

# A \ud800-\udfff escape that is not half of a pair decodes to a lone surrogate, which no
# encoder (UTF-8 for the database, the segmenter, lxml) accepts.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def json_objects(lines: Iterable[str]) -> Iterator[tuple[int, dict | str]]:
    """(line number, object) for each non-empty line, or (line number, why it is not one)."""
    for number, line in enumerate(lines, 1):
        if line.strip():
            yield number, json_object(line)


def json_object(line: str) -> dict | str:
    """The JSON object on one line, or why it is not one."""
    try:
        value = loads(line)
    except json.JSONDecodeError as exc:
        return f"不是有效的 JSON：{exc.msg}"
    except ValueError as exc:  # a number longer than Python converts (sys.int_info)
        return f"不是可读的 JSON：{exc}"
    except RecursionError:
        return "JSON 嵌套层数过多，无法读取"
    if not isinstance(value, dict):
        return "每行应是一个 JSON 对象 {…}"
    return value


def loads(text: str) -> object:
    """``json.loads``, with each lone surrogate (from an unpaired escape) replaced by U+FFFD."""
    value = json.loads(text)
    # Only an escape makes a lone surrogate: most documents have none and skip the walk.
    return _without_lone_surrogates(value) if "\\u" in text else value


def _without_lone_surrogates(value: object) -> object:
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_without_lone_surrogates(item) for item in value]
    if isinstance(value, dict):
        return {_without_lone_surrogates(k): _without_lone_surrogates(v) for k, v in value.items()}
    return value
