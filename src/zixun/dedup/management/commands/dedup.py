"""`zixun dedup rebuild` and `zixun dedup FILE.jsonl [--threshold T] [--json]`."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zixun.dedup.offline import THRESHOLD, group, read_jsonl


class Command(BaseCommand):
    help = (
        "rebuild：从数据库重建去重索引并重新归并报道；"
        "FILE.jsonl：把 JSON Lines 文件（字段 id、title、body 或 text）按近似重复分组输出。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("target", help="rebuild，或一个 .jsonl 文件路径")
        parser.add_argument("--threshold", type=float, default=THRESHOLD,
                            help=f"判为重复的相似度下限（5 字片段的 Jaccard，默认 {THRESHOLD}）")
        parser.add_argument("--json", action="store_true", help="输出 JSON：由 id 列表组成的列表")

    def handle(self, *args, **options) -> None:
        if options["target"] == "rebuild":
            self._rebuild(options["verbosity"])
            return
        threshold = options["threshold"]
        if not 0 < threshold <= 1:
            raise CommandError("--threshold 必须在 0 和 1 之间，例如 0.5")
        path = Path(options["target"])
        if not path.is_file():
            raise CommandError(f"找不到文件 {path}：请给出 JSON Lines 文件路径，或用 `zixun dedup rebuild`")
        try:
            groups = group(read_jsonl(path), threshold=threshold)
        except ValueError as error:
            raise CommandError(str(error)) from None
        if options["json"]:
            self.stdout.write(json.dumps(groups, ensure_ascii=False))
            return
        for number, ids in enumerate(groups, 1):
            self.stdout.write(f"组 {number}（{len(ids)} 条）：{' '.join(ids)}")
        self.stdout.write(f"共 {len(groups)} 组近似重复，涉及 {sum(map(len, groups))} 条记录")

    def _rebuild(self, verbosity: int) -> None:
        from zixun.dedup.rebuild import rebuild

        counts = rebuild(progress=self.stderr if verbosity > 1 else None)
        self.stdout.write(
            f"已索引 {counts.indexed} 篇文章，{counts.in_stories} 篇属于 {counts.stories} 个报道；"
            f"按新规则拆开了 {counts.split} 个原有报道"
        )
