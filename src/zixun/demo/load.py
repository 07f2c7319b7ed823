"""`zixun demo`: the reference article, its hot list, and a few hundred real stories."""

from __future__ import annotations

import gzip
import json
from datetime import datetime, timedelta
from html import escape
from importlib import resources

from django.utils import timezone

from zixun import text
from zixun.articles.ingest import Outcome, store
from zixun.articles.models import Article, Channel
from zixun.demo.reference import parse_reference_page
from zixun.extract.draft import ArticleDraft
from zixun.extract.sanitize import sanitize_html
from zixun.lib.dates import SHANGHAI
from zixun.pipeline.counts import Counts
from zixun.ranking.models import HourlyViews
from zixun.ranking.related import refresh_related

REFERENCE_GUID = "demo:reference"
# The hot list's one advert: shown as sponsored so no list ever promotes it.
ADVERT_TITLES = {"试过了!这个是最好用的!"}

CHANNEL_RULES = [
    ("国际", ("国际", "外交", "联合国", "美国", "俄罗斯", "欧洲", "日本", "中东", "巴勒斯坦", "乌克兰", "外长", "总统", "全球")),
    ("科技", ("科技", "创新", "卫星", "火箭", "航天", "人工智能", "数字", "智能", "5G", "算力", "芯片")),
    ("经济", ("经济", "消费", "市场", "企业", "产业", "贸易", "投资", "金融", "制造", "就业", "增长")),
    ("社会", ("民生", "医疗", "教育", "养老", "安全", "救援", "文化", "体育", "旅游", "假期")),
]
CHANNELS = ["时政", "国际", "经济", "科技", "社会"]


def paragraphs_to_html(paragraphs: list[str]) -> str:
    """The body as HTML, photo captions as <figcaption>, exactly as the sanitiser keeps it.

    Every other way in sanitises its HTML; the demo does too, so an export of demo articles
    imports back unchanged (an attribute the sanitiser drops would change the body on import).
    """
    parts = []
    for paragraph in paragraphs:
        if text.is_photo_caption(paragraph):
            parts.append(f"<figure><figcaption>{escape(paragraph)}</figcaption></figure>")
        else:
            parts.append(f"<p>{escape(paragraph)}</p>")
    return sanitize_html("\n".join(parts), None)


def describe(title: str, paragraphs: list[str], when: datetime, **fields) -> ArticleDraft:
    """Run the text stage over a demo article: normalised text, summary, keywords, byline."""
    paragraphs = [text.normalize(p) for p in paragraphs if p.strip()]
    body = "\n".join(paragraphs)
    byline = text.parse_byline(body, context_date=when.date())
    words = text.keywords(title + "\n" + body, k=8)
    return ArticleDraft(
        title=text.normalize(title),
        body_html=paragraphs_to_html(paragraphs),
        body_text=body,
        summary=text.summarize(body, max_chars=120, context_date=when.date()),
        published_at=when,
        author="、".join(byline.authors),
        original_outlet=byline.original_outlet or byline.outlet or "",
        original_title=byline.original_title or "",
        byline=byline.to_dict(),
        keywords=words,
        tags=words[:3],
        **fields,
    )


def channel_for(title: str, body: str) -> str:
    head = title + body[:200]
    for name, words in CHANNEL_RULES:
        if any(word in head for word in words):
            return name
    return "时政"


def reference_items() -> list[ArticleDraft]:
    page = parse_reference_page(resources.files("zixun.demo").joinpath("data/article-page.txt").read_text("utf-8"))
    published = page.published.replace(tzinfo=SHANGHAI)
    items = [describe(
        page.title, page.paragraphs, published, guid=REFERENCE_GUID, account=page.account,
        source="观察者网", channel="国际", view_count=page.view_count,
    )]
    hot_day = datetime(2025, 6, 10, 9, 0, tzinfo=SHANGHAI)
    for rank, hot in enumerate(page.hot):
        items.append(describe(
            hot.title, [hot.summary], hot_day - timedelta(minutes=7 * rank), guid=f"demo:hot:{rank}",
            account="资讯编辑部", channel="科技", sponsored=hot.title in ADVERT_TITLES,
        ))
    return items


def corpus_items(limit: int | None = None) -> list[ArticleDraft]:
    path = resources.files("zixun.demo").joinpath("data/xinwenlianbo-sample.jsonl.gz")
    items = []
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as handle:
        for index, line in enumerate(handle):
            if limit is not None and index >= limit:
                break
            record = json.loads(line)
            day = datetime.strptime(record["date"], "%Y-%m-%d").replace(tzinfo=SHANGHAI)
            when = day + timedelta(hours=19, minutes=index % 30)
            source, _, account = (record.get("source") or "央视网/新闻联播").partition("/")
            paragraphs = record["body"].split("\n")
            items.append(describe(
                record["title"], paragraphs, when, guid=f"demo:xwlb:{record['id']}",
                account=account or source, source=source,
                channel=channel_for(record["title"], record["body"]),
            ))
    return items


def seed_hot_views(article_ids: list[int]) -> None:
    """Give the reference page's hot items recent views in its order, so the demo's hot list
    starts as the page's did (minus its advert)."""
    hour = timezone.now().replace(minute=0, second=0, microsecond=0)
    for rank, article_id in enumerate(article_ids):
        HourlyViews.objects.get_or_create(article_id=article_id, hour=hour, defaults={"views": 200 - 5 * rank})


def load_demo() -> Counts:
    """Load everything; running it again changes nothing."""
    for position, name in enumerate(CHANNELS):
        Channel.objects.get_or_create(name=name, defaults={"slug": name, "position": position})
    counts = Counts()
    hot_ids, first_pages = [], []
    for item in reference_items() + corpus_items():
        result = store(item)
        counts.add(result.outcome)
        if item.guid.startswith(("demo:reference", "demo:hot:")) and result.article_id:
            first_pages.append(result.article_id)
        if item.guid.startswith("demo:hot:") and result.outcome == Outcome.CREATED:
            hot_ids.append(result.article_id)
    if hot_ids:
        seed_hot_views(hot_ids)
    # The pages a visitor opens first show their 相关内容 at once; the worker that `make run`
    # starts beside the server computes the other lists in its first minutes.
    for article in Article.objects.filter(pk__in=first_pages):
        refresh_related(article)
    return counts
