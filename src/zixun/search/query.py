"""Running a search: match tiers, filters, ranking with a recency boost, one hit per story, paging.

A query is matched in tiers (``_tiers``), each ranked by BM25 on its own and shown after the
one before: every piece as typed, then every content word anywhere, then (for a long query, or
when nothing else matched) any content word. So results that match everything come first, and
a question whose words exist in the site never gets an empty page.
"""

from __future__ import annotations

import logging
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Literal

from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.safestring import SafeString

from zixun.articles.models import Article, Channel
from zixun.search.analysis import AllOf, AnyOf, Expr, ParsedQuery, Seq, any_of_words, parse_query
from zixun.search.backends import Backend, articles_table, backend
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
# Above it, CANDIDATES likely best and CANDIDATES newest are ranked first. The same set
# serves every page, so paging neither repeats nor skips hits until the set runs out.
CANDIDATES = 200
# A tier of any content word lists only articles with its rarest words, as many as are
# found together in this many articles (``_rare_words_match``).
RARE_WORDS_IN = 2000
# An estimated count under a filter is scaled by the share of this many matches that pass it.
COUNT_SAMPLE = 1000
# A query of this many content words also lists articles with only some of them.
LONG_QUERY_WORDS = 3

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
    # The total counts some matches by their words rather than their exact phrase (a common
    # phrase on PostgreSQL): shown as 约 N.
    total_is_estimate: bool = False
    message: str = ""
    # For a query that found nothing: the same query without its rarest word, if that finds some.
    suggestion: str = ""

    @property
    def num_pages(self) -> int:
        """How many pages the results fill."""
        return min(MAX_PAGE, -(-self.total // self.request.per_page))


@dataclass
class _Plan:
    """The SQL pieces of one search."""

    match: list[str]
    filters: list[str] = field(default_factory=list)
    params: list = field(default_factory=list)
    # For a tier of any content word: (what every match needs, the words, the exclusions).
    any_words: tuple[tuple[Expr, ...], tuple[Expr, ...], list[Expr]] | None = None


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _db_time(value: datetime):
    return connection.ops.adapt_datetimefield_value(value)


def _filters(req: SearchRequest, plan: _Plan) -> str:
    """Add the reader's filters to ``plan``; return a message if a filter names nothing."""
    for model, slug, column, kind in ((Channel, req.channel, "channel_id", "频道"),
                                      (Source, req.source, "source_id", "来源")):
        if not slug:
            continue
        found = model.objects.filter(slug=slug).values_list("id", flat=True).first()
        if found is None:
            return f"没有名为“{slug}”的{kind}。"
        plan.filters.append(f"a.{column} = %s")
        plan.params.append(found)
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
    """The conditions on the article row (shown, filters, exclusions) and their params."""
    where = ["a.status = %s", "a.published_at <= %s", *plan.filters]
    params: list = [Article.Status.PUBLISHED, _db_time(now), *plan.params]
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
    only_ids: list[int] | None = None,
) -> list[tuple[int, float, int]]:
    """(article id, score, total stories) for one page: published, one per story, ordered.

    With ``only_ids`` just those matches are ranked, and the total counts only them.
    """
    now = timezone.now()
    params: list = []
    score = engine.rank_expr() if order != ORDERS["time"] else "0.0"
    if recency and order != ORDERS["time"]:
        boost = f"{RECENCY_BOOST} * {RECENCY_DAYS} / ({RECENCY_DAYS} + {engine.age_days_expr()})"
        score = f"{score} * (1.0 + {boost})"
        params.append(_db_time(now))
    where, where_params = _where(engine, plan, now, exclude_stories, exclude_ids)
    if only_ids is not None:
        where.append(engine.id_in_expr(len(only_ids)))
        where_params += list(only_ids)
    with connection.cursor() as cursor:
        source, match_params = engine.from_clause(cursor, plan.match, narrow=True)
        params += [*match_params, *where_params, limit, offset]
        # Reposts share a story: keep the best-scoring copy, the earliest stored among equals.
        sql = (
            "WITH hits AS (SELECT a.id AS id, a.published_at AS published_at, "
            f"COALESCE(a.story_id, -a.id) AS story_key, {score} AS score "
            f"FROM {source} AND {' AND '.join(where)}), "
            "best AS (SELECT id, published_at, score, ROW_NUMBER() OVER "
            "(PARTITION BY story_key ORDER BY score DESC, id) AS rn FROM hits) "
            "SELECT id, score, COUNT(*) OVER () FROM best WHERE rn = 1 "
            f"ORDER BY {order} LIMIT %s OFFSET %s"
        )
        cursor.execute(sql, params)
        return [(int(i), float(s), int(t)) for i, s, t in cursor.fetchall()]


def _newest_matches(
    engine: Backend, plan: _Plan, k: int, matches: int
) -> list[tuple[int, float]]:
    """(id, age in days) of the ``k`` newest shown matches that pass the filters, newest first."""
    now = timezone.now()
    where, params = _where(engine, plan, now)
    with connection.cursor() as cursor:
        sql, match_params = engine.newest_sql(
            cursor, f"a.id, {engine.age_days_expr()}", " AND ".join(where),
            "a.published_at DESC, a.id DESC", matches, plan.match,
        )
        cursor.execute(sql, [_db_time(now), *match_params, *params, k])
        return [(int(i), float(age)) for i, age in cursor.fetchall()]


def _story_count(engine: Backend, plan: _Plan, matches: int) -> int:
    """How many stories have a shown article matching the query and filters (exact), given
    how many index entries match."""
    if engine.is_estimate(plan.match):
        share = _share_passing(engine, plan) if plan.filters else 1.0
        if share:
            return max(1, round(matches * share))
    if not plan.filters:
        return _story_count_by_exceptions(engine, plan, matches)
    where, params = _where(engine, plan, timezone.now())
    with connection.cursor() as cursor:
        # Articles without a story each count once; only reposts need the (slower) DISTINCT.
        source, match_params = engine.from_clause(cursor, plan.match, narrow=True, estimate=True)
        sql = (
            "SELECT COUNT(*) - COUNT(a.story_id) + COUNT(DISTINCT a.story_id) "
            f"FROM {source} AND {' AND '.join(where)}"
        )
        cursor.execute(sql, [*match_params, *params])
        return int(cursor.fetchone()[0])


def _share_passing(engine: Backend, plan: _Plan) -> float:
    """The share of a sample of matches (the first COUNT_SAMPLE found) that is shown and passes
    the filters, to estimate how many of many matches do."""
    where, params = _where(engine, plan, timezone.now())
    # The sample is taken from the matches alone, before the join: joined first, the planner
    # may walk the articles and test each one's document instead.
    ids, ids_params = engine.match_ids(plan.match)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*), COUNT(*) FILTER (WHERE {' AND '.join(where)}) "
            f"FROM {articles_table()} a JOIN ({ids} LIMIT %s) m(id) ON a.id = m.id",
            [*params, *ids_params, COUNT_SAMPLE],
        )
        sampled, passing = cursor.fetchone()
    return passing / sampled if sampled else 0.0


def _story_count_by_exceptions(engine: Backend, plan: _Plan, matches: int) -> int:
    """The same count as the index's own count of matches, less the matches not shown and the
    extra copies of reposted stories: both read from article indexes, so a common word costs
    index reads rather than a row lookup per match."""
    now = _db_time(timezone.now())
    others = [s for s in Article.Status.values if s != Article.Status.PUBLISHED]
    ids_sql, matched_params = engine.match_ids(plan.match)
    matched = f"({ids_sql})"
    raw = engine.no_index
    hidden = (
        f"SELECT COUNT(*) FROM {articles_table()} a WHERE (a.status IN "
        f"({', '.join(['%s'] * len(others))}) OR (a.status = %s AND a.published_at > %s)) "
        f"AND a.id IN {matched}"
    )
    # story_id > 0 rather than IS NOT NULL, so that the story index is used: few articles
    # have a story (only near-duplicates get one).
    copies = (
        f"SELECT COUNT(*) - COUNT(DISTINCT a.story_id) FROM {articles_table()} a "
        f"WHERE a.story_id > 0 AND {raw('a.status')} = %s AND {raw('a.published_at')} <= %s "
        f"AND {raw('a.id')} IN {matched}"
    )
    published = Article.Status.PUBLISHED
    total = matches
    with connection.cursor() as cursor:
        cursor.execute(hidden, [*others, published, now, *matched_params])
        total -= cursor.fetchone()[0]
        cursor.execute(copies, [published, now, *matched_params])
        return total - cursor.fetchone()[0]


ORDERS = {
    "relevance": "score DESC, published_at DESC, id DESC",
    "time": "published_at DESC, id DESC",
}


def _savepoint():
    """Inside a transaction, a savepoint, so that a rejected query leaves it usable on
    PostgreSQL. Outside one, none: a read needs no transaction, and on SQLite an atomic block
    begins IMMEDIATE, taking the write lock, which would queue every search behind every writer."""
    return transaction.atomic() if connection.in_atomic_block else nullcontext()


def _run(engine: Backend, plan: _Plan, **kwargs) -> list[tuple[int, float, int]]:
    """Run the ranked query; a query the database still rejects gives no rows, never a 500."""
    try:
        with _savepoint():
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
    """The page ranked among a few hundred candidates: those likely to score best, and the newest.

    Ranking every match of a common word (中国) costs most of a search, and more as the site
    grows. Here up to CANDIDATES of the matches likely to score best (``Backend.likely_best``:
    the best of the title and tag matches, and of the newest) and the CANDIDATES newest are
    ranked first, and all other matches after them. For such words text scores lie within a
    few percent of each other, and a title match or a fresh article outranks a body match, so
    the first page rarely differs from a full ranking (docs/benchmarks.md measures how often);
    the order is an approximation, the set of matches and the exact total are not. Sorted by
    time, the newest alone are the candidates and every other match is older, so the order is
    exact.
    None for few matches, or for relevance under a filter.
    """
    by_time = kwargs.get("order") == ORDERS["time"]
    if plan.filters and not by_time and engine.rank_cost == 1:
        # A channel or date filter keeps few of the best-scoring matches; where ranking is
        # cheap, ranking just the matches that pass it (joined through the covering index)
        # is the cheaper way there.
        return None
    with connection.cursor() as cursor:
        matches = engine.count(cursor, plan.match)
    if matches is None or matches <= RANK_ALL_BELOW // engine.rank_cost:
        return None
    best: list[tuple[int, float]] = []
    k = CANDIDATES
    if not by_time:
        with connection.cursor() as cursor:
            best = engine.likely_best(cursor, plan.match, k)
    newest = _newest_matches(engine, plan, k, matches)
    only = sorted({i for i, _ in best} | {i for i, _ in newest})
    rows = _ranked_ids(engine, plan, limit=limit, offset=offset, only_ids=only, **kwargs)
    in_candidates = rows[0][2] if rows else _candidate_stories(engine, plan, only, kwargs)
    if offset + limit > in_candidates:
        # Past the candidates: every other match, ranked, continuing the same order.
        rows += _ranked_ids(
            engine, plan, limit=limit - len(rows), offset=max(0, offset - in_candidates),
            **_without(only, kwargs),
        )
    total = _story_count(engine, plan, matches)
    return [(i, s, total) for i, s, _ in rows]


def _rare_words_match(engine: Backend, plan: _Plan) -> list[str]:
    """The match of a tier of any content word, narrowed to articles with one of its rarest
    words: as many words, rarest first, as are found together in at most RARE_WORDS_IN
    articles (the rarest alone if it is in more). A question's answer holds its rare words
    (冬残奥会, 旗手); ranking every article that merely says 中国 or 全国 costs most of a search
    and puts nothing above them. Every word still counts in the ranking."""
    required, words, excluded = plan.any_words
    with connection.cursor() as cursor:
        counts = sorted((engine.count(cursor, engine.match_for(word, [])) or 0, n)
                        for n, word in enumerate(words))
    chosen: list[Expr] = []
    total = 0
    for count, n in counts:
        if chosen and total + count > RARE_WORDS_IN // engine.rank_cost:
            break
        chosen.append(words[n])
        total += count
    if len(chosen) == len(words):
        return plan.match
    narrowed = AllOf((*required, AnyOf(tuple(chosen)), AnyOf(words)))
    return engine.match_for(narrowed, excluded)


def _candidate_stories(engine: Backend, plan: _Plan, only: list[int], kwargs: dict) -> int:
    """How many stories the candidates give after filters (0 when none passes them)."""
    rows = _ranked_ids(engine, plan, limit=1, offset=0, only_ids=only, **kwargs)
    return rows[0][2] if rows else 0


def _without(ids: list[int], kwargs: dict) -> dict:
    """``kwargs`` of ``_ranked_ids`` also excluding ``ids`` and every story they belong to."""
    stories = list(
        Article.objects.filter(pk__in=ids, story__isnull=False).values_list("story_id", flat=True)
    )
    return {
        **kwargs,
        "exclude_ids": [*kwargs.get("exclude_ids", ()), *ids],
        "exclude_stories": [*kwargs.get("exclude_stories", ()), *set(stories)],
    }


def _tiers(parsed: ParsedQuery) -> list[tuple[Expr, list[Expr]]]:
    """(match, exclusions) of each tier, strictest first; a tier excludes the one before, so
    no article is listed twice. The last tier (any content word) is left out of short queries
    unless the others find nothing."""
    strict = AllOf(tuple(parsed.must))
    tiers = [(strict, parsed.must_not)]
    if not parsed.words:
        return tiers
    every = AllOf(tuple(dict.fromkeys([*parsed.required, *parsed.words])))
    # A text with every word holds every piece as typed when each piece is one of the words or
    # inside one (越来越 is cut into 越来 and 越来越): the tier would hold nothing but still
    # cost a search of its matches.
    if not all(any(_holds(word, piece) for word in every.parts) for piece in strict.parts):
        tiers.append((every, [*parsed.must_not, strict]))
    if len(parsed.words) >= 2:
        some = AllOf((*parsed.required, AnyOf(tuple(parsed.words))))
        tiers.append((some, [*parsed.must_not, every]))
    return tiers


def _holds(outer: Expr, inner: Expr) -> bool:
    """Whether every text matching ``outer`` matches ``inner``: the same, or a phrase of n-grams
    whose run includes ``inner``'s."""
    if outer == inner:
        return True
    if not (isinstance(outer, Seq) and isinstance(inner, Seq)) or outer.prefix or inner.prefix:
        return False
    n = len(inner.tokens)
    return any(outer.tokens[i:i + n] == inner.tokens for i in range(len(outer.tokens) - n + 1))


def _distinct_words(parsed: ParsedQuery) -> int:
    """How many content words the reader typed: a word cut again into the words inside it
    (自行车: 自行, 行车) counts once."""
    return sum(
        not any(other != word and _holds(other, word) for other in parsed.words)
        for word in parsed.words
    )


def _any_words(match: Expr, excluded: list[Expr]):
    """``_Plan.any_words`` of a tier: set when the tier matches any one of several words."""
    if isinstance(match, AllOf) and match.parts and isinstance(match.parts[-1], AnyOf):
        return tuple(match.parts[:-1]), match.parts[-1].parts, excluded
    return None


def _tier_total(engine: Backend, plan: _Plan) -> int:
    """How many stories a tier holds: counted, as for a page's total, without ranking them."""
    try:
        with _savepoint():
            with connection.cursor() as cursor:
                matches = engine.count(cursor, plan.match)
            return _story_count(engine, plan, matches) if matches else 0
    except DatabaseError:
        log.warning("search count failed match=%r", plan.match, exc_info=True)
        return 0


def _run_tiers(
    engine: Backend, plans: list[_Plan], long_query: bool, *, limit: int, offset: int, **kwargs
) -> tuple[list[tuple[int, float]], int]:
    """One page of (id, score) over the tiers in order, and the stories they hold in all."""
    rows: list[tuple[int, float]] = []
    total = 0
    for plan in plans:
        if plan.any_words is not None and total and not long_query:
            break
        if plan.any_words is not None and long_query:
            # Two words that never meet still list the articles with either (Python 教程).
            plan.match = _rare_words_match(engine, plan)
        want, local = limit - len(rows), max(0, offset - total)
        if want <= 0:
            total += _tier_total(engine, plan)
            continue
        got = _run(engine, plan, limit=want, offset=local, **kwargs)
        rows += [(i, s) for i, s, _ in got]
        total += got[0][2] if got else (_tier_total(engine, plan) if local else 0)
    return rows, total


def _without_rarest(engine: Backend, q: str, parsed: ParsedQuery) -> str:
    """The query as typed without its rarest piece, if the rest matches something; else ''."""
    if len(parsed.parts) < 2:
        return ""
    with connection.cursor() as cursor:
        counts = [engine.count(cursor, engine.match_for(expr, [])) or 0 for _, expr in parsed.parts]
        rarest = counts.index(min(counts))
        rest = AllOf(tuple(expr for i, (_, expr) in enumerate(parsed.parts) if i != rarest))
        if not engine.count(cursor, engine.match_for(rest, parsed.must_not)):
            return ""
    typed = parsed.parts[rarest][0]
    return " ".join(q.replace(typed, " ", 1).split())


def search(req: SearchRequest) -> SearchPage:
    """Run a reader's search and return one page of highlighted hits."""
    result = SearchPage(request=req)
    parsed: ParsedQuery = parse_query(req.q)
    if parsed.is_empty:
        result.message = "请输入要搜索的词。" if not parsed.must_not else "请至少输入一个要包含的词。"
        return result
    engine = backend()
    plans = [
        _Plan(match=engine.match_for(match, excluded), any_words=_any_words(match, excluded))
        for match, excluded in _tiers(parsed)
    ]
    result.message = _filters(req, plans[0])
    if result.message:
        return result
    for plan in plans[1:]:
        plan.filters, plan.params = plans[0].filters, plans[0].params
    page = max(1, min(req.page, MAX_PAGE))
    with engine.reading():
        rows, result.total = _run_tiers(
            engine, plans, _distinct_words(parsed) >= LONG_QUERY_WORDS,
            order=ORDERS.get(req.sort, ORDERS["relevance"]), recency=True,
            limit=req.per_page, offset=(page - 1) * req.per_page,
        )
        result.total_is_estimate = engine.estimated()
    # A story is listed once, by its best-matching copy, and shown as its original when the
    # original is public (a repost may match better, as with the words its outlet added).
    originals = dict(
        Article.objects.filter(pk__in=[r[0] for r in rows], story__original__isnull=False)
        .values_list("pk", "story__original_id")
    )
    # body_html is the widest column and a hit never shows it, so it is never read.
    articles = (
        Article.objects.select_related("channel", "source").defer("body_html")
        .in_bulk([r[0] for r in rows] + list(originals.values()))
    )
    shown: set[int] = set()
    for article_id, score in rows:
        article = articles.get(article_id)
        original = articles.get(originals.get(article_id))
        if original is not None and original.is_public:
            article = original
        # Tiers are told apart by what matches, not by story: a story already shown by a
        # copy in a stricter tier is not shown again.
        if article is None or article.pk in shown:
            continue
        shown.add(article.pk)
        body = article.body_text or article.summary
        result.hits.append(
            Hit(article, score, mark(article.title, parsed.highlights), snippet(body, parsed.highlights))
        )
    if not result.hits and page == 1:
        result.message = "没有找到相关文章，换个词试试。"
        with engine.reading():
            result.suggestion = _without_rarest(engine, req.q, parsed)
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
    with engine.reading():
        rows = _run(
            engine, plan, order=ORDERS["relevance"], recency=False, limit=limit, offset=0,
            exclude_stories=list(exclude_story_ids), exclude_ids=list(exclude_ids),
        )
    return [r[0] for r in rows]
