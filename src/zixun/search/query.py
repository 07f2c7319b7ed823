"""Running a search: filters, ranking with a recency boost, one hit per story, paging."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Literal

from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.safestring import SafeString

from zixun.articles.models import Article, Channel
from zixun.search.analysis import Expr, ParsedQuery, any_of_words, parse_query
from zixun.search.backends import Backend, backend
from zixun.search.highlight import mark, snippet
from zixun.sources.models import Source

log = logging.getLogger("zixun.search")

PER_PAGE = 20
MAX_PAGE = 100
# Relevance × (1 + RECENCY_BOOST × H / (H + age in days)): a fresh article gets up to +50 %,
# one RECENCY_DAYS old +25 %; old articles keep their text relevance and are never buried.
RECENCY_BOOST = 0.5
RECENCY_DAYS = 30.0
# Up to this many matches, every one is ranked in one query; above it see ``_run_bounded``.
RANK_ALL_BELOW = 2000
# The best CANDIDATES (at least CANDIDATES_PER_HIT per hit up to the page's end) are ranked first.
CANDIDATES = 200
CANDIDATES_PER_HIT = 4
RANK_AT_MOST = 20000

Sort = Literal["relevance", "time"]


@dataclass
class SearchRequest:
    """One search as a reader asks it: words, filters, order and page."""

    q: str
    channel: str = ""
    source: str = ""
    since: date | None = None
    until: date | None = None
    sort: Sort = "relevance"
    page: int = 1
    per_page: int = PER_PAGE

    @classmethod
    def from_params(cls, params) -> SearchRequest:
        """A request from URL parameters (q, channel, source, since, until, sort, page);
        values that do not parse are ignored rather than rejected."""
        sort = params.get("sort", "relevance")
        return cls(
            q=params.get("q", "").strip(),
            channel=params.get("channel", "").strip(),
            source=params.get("source", "").strip(),
            since=_parse_date(params.get("since", "")),
            until=_parse_date(params.get("until", "")),
            sort=sort if sort in ("relevance", "time") else "relevance",
            page=_parse_int(params.get("page", ""), 1),
        )


def _parse_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None


def _parse_int(value: str, default: int) -> int:
    try:
        return max(1, int(value))
    except ValueError:
        return default


@dataclass
class Hit:
    """One result: the article, its score, and highlighted title and snippet (safe HTML)."""

    article: Article
    score: float
    title_html: SafeString
    snippet_html: SafeString


@dataclass
class SearchPage:
    """A page of results and what a page needs to describe them."""

    request: SearchRequest
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    message: str = ""

    @property
    def num_pages(self) -> int:
        """How many pages the results fill."""
        return min(MAX_PAGE, -(-self.total // self.request.per_page))


@dataclass
class _Plan:
    """The SQL pieces of one search."""

    match: list[str]
    phrases: list[tuple[str, ...]] = field(default_factory=list)
    filters: list[str] = field(default_factory=list)
    params: list = field(default_factory=list)


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _db_time(value: datetime):
    return connection.ops.adapt_datetimefield_value(value)


def _filters(req: SearchRequest, plan: _Plan) -> str:
    """Add the reader's filters to ``plan``; return a message if a filter names nothing."""
    if req.channel:
        channel_id = Channel.objects.filter(slug=req.channel).values_list("id", flat=True).first()
        if channel_id is None:
            return f"没有名为“{req.channel}”的频道。"
        plan.filters.append("a.channel_id = %s")
        plan.params.append(channel_id)
    if req.source:
        source_id = Source.objects.filter(slug=req.source).values_list("id", flat=True).first()
        if source_id is None:
            return f"没有名为“{req.source}”的来源。"
        plan.filters.append("a.source_id = %s")
        plan.params.append(source_id)
    if req.since:
        plan.filters.append("a.published_at >= %s")
        plan.params.append(_db_time(_day_start(req.since)))
    if req.until:
        plan.filters.append("a.published_at < %s")
        plan.params.append(_db_time(_day_start(req.until + timedelta(days=1))))
    return ""


def _where(
    engine: Backend, plan: _Plan, now: datetime,
    exclude_stories: list[int] | tuple = (), exclude_ids: list[int] | tuple = (),
) -> tuple[list[str], list]:
    """The conditions on the article row (shown, filters, phrases, exclusions) and their params."""
    where = ["a.status = %s", "a.published_at <= %s", *plan.filters]
    params: list = [Article.Status.PUBLISHED, _db_time(now), *plan.params]
    for forms in plan.phrases:
        tests = [engine.contains_expr(col) for _ in forms for col in ("a.title", "a.body_text")]
        where.append("(" + " OR ".join(tests) + ")")
        params += [form for form in forms for _ in range(2)]
    if exclude_stories:
        marks = ", ".join(["%s"] * len(exclude_stories))
        where.append(f"(a.story_id IS NULL OR a.story_id NOT IN ({marks}))")
        params += list(exclude_stories)
    if exclude_ids:
        where.append(f"a.id NOT IN ({', '.join(['%s'] * len(exclude_ids))})")
        params += list(exclude_ids)
    return where, params


def _ranked_ids(
    engine: Backend, plan: _Plan, *, order: str, recency: bool, limit: int, offset: int,
    exclude_stories: list[int] | tuple = (), exclude_ids: list[int] | tuple = (),
    candidates: list[tuple[int, float]] | None = None,
) -> list[tuple[int, float, int]]:
    """(article id, score, total stories) for one page: published, one per story, ordered.

    With ``candidates`` ((id, text score) pairs from ``Backend.top_matches``) only those are
    ranked, and the total counts only those that pass the filters.
    """
    now = timezone.now()
    params: list = []
    if candidates is None:
        head, source = "", f"{engine.from_clause()} AND"
        score = engine.rank_expr() if order != ORDERS["time"] else "0.0"
    else:
        head = "c(id, rank) AS (VALUES " + ", ".join(["(%s, %s)"] * len(candidates)) + "), "
        params += [value for pair in candidates for value in pair]
        source, score = "c JOIN articles_article a ON a.id = c.id WHERE", "c.rank"
    if recency and order != ORDERS["time"]:
        boost = f"{RECENCY_BOOST} * {RECENCY_DAYS} / ({RECENCY_DAYS} + {engine.age_days_expr()})"
        score = f"{score} * (1.0 + {boost})"
        params.append(_db_time(now))
    where, where_params = _where(engine, plan, now, exclude_stories, exclude_ids)
    params += [*(plan.match if candidates is None else []), *where_params, limit, offset]
    # Reposts share a story: keep the best-scoring copy, the earliest stored among equals.
    sql = (
        f"WITH {head}hits AS (SELECT a.id AS id, a.published_at AS published_at, "
        f"COALESCE(a.story_id, -a.id) AS story_key, {score} AS score "
        f"FROM {source} {' AND '.join(where)}), "
        "best AS (SELECT id, published_at, score, ROW_NUMBER() OVER "
        "(PARTITION BY story_key ORDER BY score DESC, id) AS rn FROM hits) "
        "SELECT id, score, COUNT(*) OVER () FROM best WHERE rn = 1 "
        f"ORDER BY {order} LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(int(i), float(s), int(t)) for i, s, t in cursor.fetchall()]


def _story_count(engine: Backend, plan: _Plan) -> int:
    """How many stories have a shown article matching the query and filters (exact)."""
    now = timezone.now()
    where, params = _where(engine, plan, now)
    sql = (
        "SELECT COUNT(DISTINCT COALESCE(a.story_id, -a.id)) "
        f"FROM {engine.from_clause()} AND {' AND '.join(where)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*plan.match, *params])
        return int(cursor.fetchone()[0])


ORDERS = {
    "relevance": "score DESC, published_at DESC, id DESC",
    "time": "published_at DESC, id DESC",
}


def _run(engine: Backend, plan: _Plan, **kwargs) -> list[tuple[int, float, int]]:
    """Run the ranked query; a query the database still rejects gives no rows, never a 500."""
    try:
        # A savepoint, so a rejected query leaves a surrounding transaction usable on PostgreSQL.
        with transaction.atomic():
            if kwargs.get("order") == ORDERS["relevance"]:
                rows = _run_bounded(engine, plan, **kwargs)
                if rows is not None:
                    return rows
            return _ranked_ids(engine, plan, **kwargs)
    except DatabaseError:
        log.warning("search query failed match=%r", plan.match, exc_info=True)
        return []


def _run_bounded(
    engine: Backend, plan: _Plan, *, limit: int, offset: int, **kwargs
) -> list[tuple[int, float, int]] | None:
    """The page ranked among the best text matches only, when that provably gives the same page.

    Ranking every match of a common word (中国, 发展: 10,000 of 100,000 articles) costs most of
    the time of a search. The text score of any article outside the ``k`` best is at most the
    ``k``-th best score, and the recency boost multiplies it by at most 1 + RECENCY_BOOST; when
    the last hit of the page scores at least that, no other article can enter the page. Otherwise
    ``k`` grows, and past RANK_AT_MOST the caller ranks every match. The total stays exact.
    """
    with connection.cursor() as cursor:
        matches = engine.count(cursor, plan.match)
    if matches is None or matches <= RANK_ALL_BELOW:
        return None
    k = max(CANDIDATES, CANDIDATES_PER_HIT * (offset + limit))
    while k < min(matches, RANK_AT_MOST):
        with connection.cursor() as cursor:
            top = engine.top_matches(cursor, plan.match, k)
        ceiling = top[-1][1] * (1.0 + (RECENCY_BOOST if kwargs.get("recency") else 0.0))
        rows = _ranked_ids(engine, plan, limit=limit, offset=offset, candidates=top, **kwargs)
        if len(rows) == limit and rows[-1][1] > ceiling:
            total = _story_count(engine, plan)
            return [(i, s, total) for i, s, _ in rows]
        k *= 4
    return None


def search(req: SearchRequest) -> SearchPage:
    """Run a reader's search and return one page of highlighted hits."""
    result = SearchPage(request=req)
    parsed: ParsedQuery = parse_query(req.q)
    if parsed.is_empty:
        result.message = "请输入要搜索的词。" if not parsed.must_not else "请至少输入一个要包含的词。"
        return result
    engine = backend()
    plan = _Plan(match=engine.match_params(parsed), phrases=parsed.phrases)
    result.message = _filters(req, plan)
    if result.message:
        return result
    page = max(1, min(req.page, MAX_PAGE))
    rows = _run(
        engine, plan, order=ORDERS.get(req.sort, ORDERS["relevance"]), recency=True,
        limit=req.per_page, offset=(page - 1) * req.per_page,
    )
    if not rows and page > 1:
        # Past the last page: tell how many there are rather than claiming nothing matched.
        rows_first = _run(engine, plan, order=ORDERS["time"], recency=False, limit=1, offset=0)
        result.total = rows_first[0][2] if rows_first else 0
        return result
    articles = Article.objects.select_related("channel", "source").in_bulk([r[0] for r in rows])
    for article_id, score, total in rows:
        article = articles.get(article_id)
        if article is None:
            continue
        result.total = total
        body = article.body_text or article.summary
        result.hits.append(
            Hit(article, score, mark(article.title, parsed.highlights), snippet(body, parsed.highlights))
        )
    if not result.hits:
        result.message = "没有找到相关文章，换个词试试。"
    return result


def more_like_this(
    terms: list[str], exclude_story_ids: list[int] | tuple = (), limit: int = 10,
    exclude_ids: list[int] | tuple = (), channel_id: int | None = None,
) -> list[int]:
    """Ids of published articles matching any of ``terms``, best first, newest among equals."""
    expr: Expr | None = any_of_words(terms)
    if expr is None:
        return []
    engine = backend()
    plan = _Plan(match=engine.match_params(ParsedQuery(), extra_any=expr))
    if channel_id is not None:
        plan.filters.append("a.channel_id = %s")
        plan.params.append(channel_id)
    rows = _run(
        engine, plan, order=ORDERS["relevance"], recency=False, limit=limit, offset=0,
        exclude_stories=list(exclude_story_ids), exclude_ids=list(exclude_ids),
    )
    return [r[0] for r in rows]
