"""The two search backends, SQLite FTS5 and PostgreSQL tsvector, behind one small interface.

Both store the same n-gram tokens (``zixun.search.analysis``), so a query means the same on
both. Each backend knows how to store an article's tokens, how to render a parsed query in its own
syntax, and the SQL fragments for matching, ranking and picking candidates among many matches.
Everything else (filters, one hit per story, paging) is shared SQL in ``zixun.search.query``.
"""

from __future__ import annotations

import json
import zlib
from contextlib import contextmanager, nullcontext
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.db import connection, transaction

from zixun.articles.models import Article
from zixun.search.analysis import AllOf, AnyOf, Expr, ParsedQuery, Seq

# Column weights: the title counts most, then tags and keywords, then the body.
TITLE_WEIGHT, TAGS_WEIGHT, BODY_WEIGHT = 10.0, 4.0, 1.0
# A match joined to its article by id reads the whole row (on SQLite with body text and HTML in
# overflow pages); this index holds all that counting and ranking read, so they skip the wide rows.
SHOWN_INDEX = "search_article_shown"
SHOWN_INDEX_COLUMNS = {
    "sqlite": "(id, status, published_at, story_id, channel_id, source_id)",
    # An index-only scan on it spares a heap fetch per match (once pages are all-visible).
    "postgresql": "(id) INCLUDE (status, published_at, story_id, channel_id, source_id)",
}


def articles_table() -> str:
    """The articles table as SQL names it on the default connection: the model's, quoted."""
    return connection.ops.quote_name(Article._meta.db_table)


def shown_index_sql(vendor: str) -> str:
    """CREATE INDEX for the covering index of the columns that decide whether a match is shown."""
    return (
        f"CREATE INDEX IF NOT EXISTS {SHOWN_INDEX} ON {articles_table()} "
        f"{SHOWN_INDEX_COLUMNS[vendor]}"
    )


@dataclass
class Document:
    """The token streams of one article, space-joined, ready to store."""

    article_id: int
    digest: str
    title: str
    tags: str
    body: str


class Backend:
    """What ``zixun.search`` needs from a database."""

    vendor = ""
    # How much dearer ranking one match is than on SQLite: query.RANK_ALL_BELOW is divided by it.
    rank_cost = 1

    def stored_digest(self, cursor, article_id: int) -> str | None:
        raise NotImplementedError

    def write(self, cursor, docs: list[Document], new: bool = False) -> None:
        """Store ``docs`` in place of any entries of theirs; ``new``: they have none yet."""
        raise NotImplementedError

    def delete(self, cursor, article_ids: list[int]) -> None:
        raise NotImplementedError

    def clear(self, cursor) -> None:
        raise NotImplementedError

    def match_params(self, parsed: ParsedQuery, extra_any: Expr | None = None) -> list[str]:
        """The parameters of ``from_clause``: the query in the backend's own syntax."""
        positive = AllOf(tuple(parsed.must)) if extra_any is None else extra_any
        return self.match_for(positive, parsed.must_not)

    def match_for(self, positive: Expr, negative: list[Expr]) -> list[str]:
        """The parameters of ``from_clause`` for entries matching ``positive`` and none of
        ``negative``."""
        raise NotImplementedError

    def from_clause(
        self, cursor, match: list[str], narrow: bool = False, estimate: bool = False
    ) -> tuple[str, list]:
        """FROM and WHERE fragment joining the matches of ``match`` (``match_params``) to
        articles, and its parameters.

        ``narrow``: the query reads no article column but id, status, published_at, story,
        channel and source, so a covering index may serve it. ``estimate``: it only counts, and
        may count a stand-in for the matches (see PostgresBackend.count).
        """
        raise NotImplementedError

    def ensure_indexes(self, cursor) -> None:
        """Create the helper indexes search relies on for speed, if they are missing."""

    def reading(self):
        """A context for the statements of one search (see PostgresBackend.reading)."""
        return nullcontext()

    def estimated(self) -> bool:
        """Whether a count of the search in progress was an estimate."""
        return False

    def is_estimate(self, match: list[str]) -> bool:
        """Whether ``count`` gave an estimate for ``match`` in the search in progress."""
        return False

    def match_ids(self, match: list[str]) -> tuple[str, list]:
        """A subquery of the ids of all articles matching ``match``, and its parameters."""
        raise NotImplementedError

    def newest_sql(
        self, cursor, select: str, where: str, order: str, matches: int, match: list[str]
    ) -> tuple[str, list]:
        """SQL for the newest shown matches: ``select`` columns of articles ``a`` under
        ``where``, in ``order``, and the parameters of its matching part; the statement takes
        ``select``'s parameters, then those, then ``where``'s, then a limit."""
        # Walks the articles newest first and stops at the limit: quick when matches are dense.
        ids, params = self.match_ids(match)
        return (
            f"SELECT {select} FROM {articles_table()} a WHERE a.id IN ({ids}) "
            f"AND {where} ORDER BY {order} LIMIT %s"
        ), params

    def id_in_expr(self, n: int) -> str:
        """A condition keeping matches whose article id is one of ``n`` parameters."""
        return f"a.id IN ({', '.join(['%s'] * n)})"

    def no_index(self, column: str) -> str:
        """``column``, marked so the planner does not drive the query from its index."""
        return column

    def rank_expr(self) -> str:
        """A relevance score, larger is better."""
        raise NotImplementedError

    def age_days_expr(self) -> str:
        """Age of the article in days at the time given by one parameter."""
        raise NotImplementedError

    def count(self, cursor, match: list[str]) -> int | None:
        """How many entries match, if the backend can tell cheaply; None if not."""
        return None

    def likely_best(self, cursor, match: list[str], k: int) -> list[tuple[int, float]]:
        """(article id, score) of up to ``k`` matches likely to rank best, from a set of matches
        whose size does not grow with the site: those in a title or tags, and perhaps the newest."""
        raise NotImplementedError


def _packed(doc: Document) -> bytes:
    return zlib.compress("\x00".join((doc.title, doc.tags, doc.body)).encode("utf-8"), 1)


def _unpacked(blob: bytes) -> list[str]:
    return zlib.decompress(blob).decode("utf-8").split("\x00")


# PostgreSQL: a reader's search counts matches exactly up to this many (PostgresBackend.count).
COUNT_AT_MOST = 1000
# SQLite: ``likely_best`` ranks the best of this many matches stored last, besides title matches.
NEWEST_POOL = 5000


class SQLiteBackend(Backend):
    """A contentless FTS5 table (the tokens are not stored twice) and ``search_entry``, which
    keeps each article's digest and its tokens compressed: FTS5 removes an entry only when
    told the tokens it was given."""

    vendor = "sqlite"
    table = "search_fts"
    entries = "search_entry"

    def stored_digest(self, cursor, article_id: int) -> str | None:
        cursor.execute(f"SELECT digest FROM {self.entries} WHERE article_id = %s", [article_id])
        row = cursor.fetchone()
        return row[0] if row else None

    def write(self, cursor, docs: list[Document], new: bool = False) -> None:
        # FTS5 has no upsert; delete then insert keeps the rowid equal to the article id.
        if not new:
            self.delete(cursor, [d.article_id for d in docs])
        cursor.executemany(
            f"INSERT INTO {self.table} (rowid, title, tags, body) VALUES (%s, %s, %s, %s)",
            [(d.article_id, d.title, d.tags, d.body) for d in docs],
        )
        cursor.executemany(
            f"INSERT INTO {self.entries} (article_id, digest, tokens) VALUES (%s, %s, %s)",
            [(d.article_id, d.digest, _packed(d)) for d in docs],
        )

    def delete(self, cursor, article_ids: list[int]) -> None:
        for article_id in article_ids:
            cursor.execute(f"SELECT tokens FROM {self.entries} WHERE article_id = %s", [article_id])
            row = cursor.fetchone()
            if row is None:
                continue
            cursor.execute(
                f"INSERT INTO {self.table} ({self.table}, rowid, title, tags, body) "
                "VALUES ('delete', %s, %s, %s, %s)", [article_id, *_unpacked(row[0])],
            )
            cursor.execute(f"DELETE FROM {self.entries} WHERE article_id = %s", [article_id])

    def clear(self, cursor) -> None:
        cursor.execute(f"INSERT INTO {self.table} ({self.table}) VALUES ('delete-all')")
        cursor.execute(f"DELETE FROM {self.entries}")

    def optimize(self, cursor) -> None:
        """Merge the index segments after a rebuild, so queries read fewer b-trees."""
        cursor.execute(f"INSERT INTO {self.table} ({self.table}) VALUES ('optimize')")

    def render(self, expr: Expr) -> str:
        if isinstance(expr, Seq):
            # Tokens are runs of letters and digits only, so quoting cannot be broken out of.
            return '"' + " ".join(expr.tokens) + '"' + (" *" if expr.prefix else "")
        joiner = " OR " if isinstance(expr, AnyOf) else " AND "
        return "(" + joiner.join(self.render(p) for p in expr.parts) + ")"

    def match_for(self, positive: Expr, negative: list[Expr]) -> list[str]:
        text = self.render(positive)
        for expr in negative:
            text = f"({text} NOT {self.render(expr)})"
        return [text]

    def count(self, cursor, match: list[str]) -> int:
        """How many index entries match, without ranking them (fast: reads doclists only)."""
        cursor.execute(f"SELECT count(*) FROM {self.table} WHERE {self.table} MATCH %s", match[:1])
        return cursor.fetchone()[0]

    def likely_best(self, cursor, match: list[str], k: int) -> list[tuple[int, float]]:
        """The ``k`` best by BM25 among the matches in a title or tags, and the ``k`` best among
        the NEWEST_POOL matches stored last. BM25 over every match of a common word costs most
        of a search; FTS5 finds the title matches and the newest rowids without ranking the rest."""
        best = self._best(cursor, "{title tags} : (" + match[0] + ")", k)
        cursor.execute(
            f"SELECT rowid FROM {self.table} WHERE {self.table} MATCH %s "
            "ORDER BY rowid DESC LIMIT 1 OFFSET %s", [match[0], NEWEST_POOL - 1],
        )
        row = cursor.fetchone()
        return best + self._best(cursor, match[0], k, since_rowid=row[0] if row else 0)

    def _best(self, cursor, match: str, k: int, since_rowid: int = 0) -> list[tuple[int, float]]:
        newer = " AND rowid >= %s" if since_rowid else ""
        cursor.execute(
            f"SELECT rowid, {self.rank_expr()} FROM {self.table} WHERE {self.table} MATCH %s"
            f"{newer} ORDER BY {self.rank_expr()} DESC LIMIT %s",
            [match, *([since_rowid] if since_rowid else []), k],
        )
        return [(int(i), float(r)) for i, r in cursor.fetchall()]

    def from_clause(
        self, cursor, match: list[str], narrow: bool = False, estimate: bool = False
    ) -> tuple[str, list]:
        # CROSS JOIN fixes the order: SQLite otherwise may walk every published article by
        # article_latest_idx and probe the index once per article, work that grows with the
        # table rather than with the matches.
        hint = f" INDEXED BY {SHOWN_INDEX}" if narrow and self._has_shown_index(cursor) else ""
        return (
            f"{self.table} CROSS JOIN {articles_table()} a{hint} ON a.id = {self.table}.rowid "
            f"WHERE {self.table} MATCH %s"
        ), list(match)

    def match_ids(self, match: list[str]) -> tuple[str, list]:
        return f"SELECT rowid FROM {self.table} WHERE {self.table} MATCH %s", match[:1]

    def id_in_expr(self, n: int) -> str:
        # The unary + keeps the list out of FTS5's hands: given rowid IN (...) it would run the
        # full-text query once per id, where filtering its output once costs next to nothing.
        return f"+{self.table}.rowid IN ({', '.join(['%s'] * n)})"

    def no_index(self, column: str) -> str:
        return f"+{column}"

    def _has_shown_index(self, cursor) -> bool:
        # Checked each time: a later migration of articles that rebuilds the table drops it,
        # and naming a missing index in INDEXED BY is an error, not a slow query.
        cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = %s",
                       [SHOWN_INDEX])
        return cursor.fetchone() is not None

    def ensure_indexes(self, cursor) -> None:
        """Create the covering index of the columns that decide whether a match is shown."""
        cursor.execute(shown_index_sql(self.vendor))

    def rank_expr(self) -> str:
        # bm25() is negative, lower is better.
        return f"-bm25({self.table}, {TITLE_WEIGHT}, {TAGS_WEIGHT}, {BODY_WEIGHT})"

    def age_days_expr(self) -> str:
        return "MAX(0.0, julianday(%s) - julianday(a.published_at))"


# PostgreSQL: matches in at least 1/DENSE_SHARE of all articles are found walking newest first.
DENSE_SHARE = 16


class PostgresBackend(Backend):
    vendor = "postgresql"
    table = "search_document"
    # ts_rank reads the whole document, stored out of line: dearer than FTS5's bm25, by a
    # measured factor (docs/benchmarks.md).
    rank_cost = 4

    def stored_digest(self, cursor, article_id: int) -> str | None:
        cursor.execute(f"SELECT digest FROM {self.table} WHERE article_id = %s", [article_id])
        row = cursor.fetchone()
        return row[0] if row else None

    def write(self, cursor, docs: list[Document], new: bool = False) -> None:
        # A tsvector counts positions up to 16,383 only: in a body longer than that (one token
        # per character), a piece of more than one n-gram is found only before that point.
        # 'simple' only lower-cases: the tokens are already segmented and normalised by us.
        cursor.executemany(
            f"INSERT INTO {self.table} (article_id, digest, document) VALUES (%s, %s, "
            "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B')"
            " || setweight(to_tsvector('simple', %s), 'C')) "
            "ON CONFLICT (article_id) DO UPDATE SET digest = EXCLUDED.digest, "
            "document = EXCLUDED.document",
            [(d.article_id, d.digest, d.title, d.tags, d.body) for d in docs],
        )

    def delete(self, cursor, article_ids: list[int]) -> None:
        cursor.execute(f"DELETE FROM {self.table} WHERE article_id = ANY(%s)", [list(article_ids)])

    def clear(self, cursor) -> None:
        cursor.execute(f"TRUNCATE {self.table}")

    def render(self, expr: Expr) -> str:
        if isinstance(expr, Seq):
            quoted = [f"'{t}'" for t in expr.tokens]
            if expr.prefix:
                quoted[-1] += ":*"
            return "(" + " <-> ".join(quoted) + ")"
        joiner = " | " if isinstance(expr, AnyOf) else " & "
        return "(" + joiner.join(self.render(p) for p in expr.parts) + ")"

    @contextmanager
    def reading(self):
        """One read-only transaction for a search's statements, planned without sequential
        scans of the index table.

        The planner prices a sequential scan by the table's own pages, but each document lives
        out of line (TOAST), and testing ``@@`` on a scanned row reads all of it; for a word in
        most articles it picks that scan over the GIN index, whose bitmap visits only the rows'
        pages. JIT compiling is off too: ts_rank's cost estimates cross its threshold, and
        compiling takes longer than running these short queries. The transaction also gives
        every statement of the search one snapshot, so its count and its page agree while
        articles arrive."""
        if _READING.get() is not None:
            yield
            return
        token = _READING.set(_Reading())
        nested = connection.in_atomic_block
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute(_PLANNING, ["off", "off"])
                yield
                if nested:
                    # SET LOCAL outlives a savepoint: give the caller's transaction back as it was.
                    with connection.cursor() as cursor:
                        cursor.execute(_PLANNING, ["on", "on"])
        finally:
            _READING.reset(token)

    def estimated(self) -> bool:
        """Whether a count of the search in progress (``reading``) was an estimate."""
        reading = _READING.get()
        return reading is not None and bool(reading.estimates)

    def match_for(self, positive: Expr, negative: list[Expr]) -> list[str]:
        """[what matches, what ranks, what is excluded (twice; '' for nothing)].

        Exclusions are an anti-join rather than a ``!`` in the query: a document is tested
        against ``!phrase`` by reading the whole of it (stored out of line), for every match,
        while the GIN index finds the few documents the phrase is in by itself."""
        text = self.render(positive)
        excluded = " | ".join(self.render(expr) for expr in negative)
        return [text, text, excluded, excluded]

    def _not_excluded(self, column: str) -> str:
        # The '' test spares the subquery when nothing is excluded (to_tsquery of '' is empty).
        return (
            f"{column} NOT IN (SELECT article_id FROM {self.table} "
            "WHERE %s <> '' AND document @@ to_tsquery('simple', %s))"
        )

    def from_clause(
        self, cursor, match: list[str], narrow: bool = False, estimate: bool = False
    ) -> tuple[str, list]:
        reading = _READING.get()
        ids = reading.ids.get(_key(match)) if reading else None
        if estimate and reading and _key(match) in reading.loose:
            match = reading.loose[_key(match)]
        elif ids is not None:
            # A join rather than ``= ANY(ids)``: as an index condition that probes the index once
            # per id, however few candidates the rest of the query keeps.
            return (
                f"{self.table} d CROSS JOIN to_tsquery('simple', %s) rq "
                "JOIN unnest(%s::bigint[]) m(id) ON m.id = d.article_id "
                f"JOIN {articles_table()} a ON a.id = d.article_id WHERE TRUE"
            ), [match[1], ids]
        return (
            f"{self.table} d CROSS JOIN to_tsquery('simple', %s) q "
            "CROSS JOIN to_tsquery('simple', %s) rq "
            f"JOIN {articles_table()} a ON a.id = d.article_id WHERE d.document @@ q "
            f"AND {self._not_excluded('d.article_id')}"
        ), list(match)

    def rank_expr(self, column: str = "d.document") -> str:
        # Weights are listed {D, C, B, A}: body (C) 0.1, tags (B) 0.4, title (A) 1.0;
        # normalisation 1 divides by 1 + log(length) so long bodies do not win by size.
        return (
            f"ts_rank('{{0.0, {BODY_WEIGHT / TITLE_WEIGHT}, {TAGS_WEIGHT / TITLE_WEIGHT}, 1.0}}', "
            f"{column}, rq, 1)"
        )

    def count(self, cursor, match: list[str]) -> int:
        """How many documents match, from the GIN index without ranking them.

        Counting every match visits each one's row for its visibility, so within ``reading``
        (a reader's search) matches are counted exactly up to COUNT_AT_MOST only; above that
        the count is the GIN index's own (``_indexed_count``) and marked an estimate.

        A phrase is the one match the index cannot decide alone: it yields the documents
        holding all the phrase's n-grams, and each one's positions are then tested in its whole
        document, read out of line. Within ``reading`` that test runs once per search, for a
        phrase found in at most COUNT_AT_MOST documents: the ids found serve the later
        statements. Above that, the documents holding its n-grams stand in for it when
        counting and picking the newest (nearly all of them hold the phrase itself), and only
        the hits ranked for the page are tested.
        """
        reading = _READING.get()
        key = _key(match)
        if reading is None:
            sql, params = self.match_ids(match)
            cursor.execute(f"SELECT count(*) FROM ({sql}) m", params)
            return cursor.fetchone()[0]
        if key in reading.counts:
            return reading.counts[key]
        phrase = "<->" in match[0]
        probe = [match[0].replace("<->", "&"), *match[1:]] if phrase else match
        sql, params = self._match_ids(probe)
        cursor.execute(f"SELECT count(*) FROM ({sql} LIMIT %s) m", [*params, COUNT_AT_MOST + 1])
        found = cursor.fetchone()[0]
        if found > COUNT_AT_MOST:
            found = max(found, self._indexed_count(cursor, sql, params))
            reading.estimates.add(key)
            if phrase:
                reading.loose[key] = probe
        elif phrase:
            sql, params = self._match_ids(match)
            cursor.execute(f"SELECT COALESCE(array_agg(article_id), '{{}}') FROM ({sql}) m", params)
            reading.ids[key] = cursor.fetchone()[0]
            found = len(reading.ids[key])
        reading.counts[key] = found
        return found

    def _indexed_count(self, cursor, sql: str, params: list) -> int:
        """How many entries the GIN index yields for the query ``sql`` of ``match_ids``: the
        bitmap index scan's own row count, which PostgreSQL reports after building the bitmap
        and before visiting any row (LIMIT 1 stops it there). It counts rows not yet vacuumed
        and ignores exclusions: an estimate."""
        cursor.execute(f"EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) {sql} LIMIT 1", params)
        plan = cursor.fetchone()[0]
        nodes = [(json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]]
        while nodes:
            node = nodes.pop(0)
            if node.get("Parent Relationship") in ("SubPlan", "InitPlan"):
                continue
            if node["Node Type"] == "Bitmap Index Scan":
                return int(node["Actual Rows"])
            nodes += node.get("Plans", [])
        return 0

    def is_estimate(self, match: list[str]) -> bool:
        reading = _READING.get()
        return reading is not None and _key(match) in reading.estimates

    def match_ids(self, match: list[str]) -> tuple[str, list]:
        reading = _READING.get()
        if reading is not None:
            key = _key(match)
            if key in reading.ids:
                return "SELECT unnest(%s::bigint[])", [reading.ids[key]]
            if key in reading.loose:
                return self._match_ids(reading.loose[key])
        return self._match_ids(match)

    def _match_ids(self, match: list[str]) -> tuple[str, list]:
        return (
            f"SELECT article_id FROM {self.table} WHERE document @@ to_tsquery('simple', %s) "
            f"AND {self._not_excluded('article_id')}"
        ), [match[0], *match[2:]]

    def ensure_indexes(self, cursor) -> None:
        """Create the covering index of the columns that decide whether a match is shown."""
        # Looked up first: even CREATE INDEX IF NOT EXISTS fails inside a transaction that
        # has deferred foreign-key checks pending, as a rebuild after imports may.
        cursor.execute("SELECT to_regclass(%s)", [SHOWN_INDEX])
        if cursor.fetchone()[0] is None:
            cursor.execute(shown_index_sql(self.vendor))

    def newest_sql(
        self, cursor, select: str, where: str, order: str, matches: int, match: list[str]
    ) -> tuple[str, list]:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [Article._meta.db_table])
        articles = (cursor.fetchone() or [0])[0]
        if matches * DENSE_SHARE >= articles:
            return super().newest_sql(cursor, select, where, order, matches, match)
        # Sparse matches: PostgreSQL would walk the articles newest first all the same, testing
        # each one's document (read out of line); collecting the matches first and sorting
        # them reads the documents of the matches only.
        # OFFSET 0 keeps the subquery from being merged into the walk.
        ids, params = self.match_ids(match)
        return (
            f"SELECT {select} FROM {articles_table()} a WHERE a.id IN "
            f"({ids} OFFSET 0) AND {where} ORDER BY {order} LIMIT %s"
        ), params

    def id_in_expr(self, n: int) -> str:
        # On the index table's key, so a few hundred candidates are fetched by primary key
        # instead of filtering every match the GIN index yields.
        return f"d.article_id IN ({', '.join(['%s'] * n)})"

    def likely_best(self, cursor, match: list[str], k: int) -> list[tuple[int, float]]:
        """The ``k`` best of the matches in a title or tags (the ``headline`` column, which
        has a GIN index of its own), by their ts_rank: testing or ranking whole documents
        would read every match's body out of line. Matches in the body only enter the
        candidates as the newest (see query._run_bounded)."""
        cursor.execute(
            f"SELECT d.article_id, {self.rank_expr('d.headline')} AS r "
            f"FROM {self.table} d "
            "CROSS JOIN to_tsquery('simple', %s) q CROSS JOIN to_tsquery('simple', %s) rq "
            "WHERE d.headline @@ q ORDER BY r DESC LIMIT %s",
            [*match[:2], k],
        )
        return [(int(i), float(r)) for i, r in cursor.fetchall()]

    def age_days_expr(self) -> str:
        return "GREATEST(0.0, EXTRACT(EPOCH FROM (%s - a.published_at)) / 86400.0)"


@dataclass
class _Reading:
    """What PostgresBackend.count learnt of the matches of one search (``reading``)."""

    counts: dict[tuple[str, ...], int] = field(default_factory=dict)
    # A phrase's matches, found once by testing positions.
    ids: dict[tuple[str, ...], list[int]] = field(default_factory=dict)
    # A common phrase's stand-in for counting: its n-grams anywhere.
    loose: dict[tuple[str, ...], list[str]] = field(default_factory=dict)
    # The matches counted by estimate.
    estimates: set[tuple[str, ...]] = field(default_factory=set)


_READING: ContextVar[_Reading | None] = ContextVar("zixun_search_reading", default=None)


_PLANNING = "SELECT set_config('enable_seqscan', %s, true), set_config('jit', %s, true)"


def _key(match: list[str]) -> tuple[str, ...]:
    return (match[0], *match[2:])


_BACKENDS = {b.vendor: b for b in (SQLiteBackend(), PostgresBackend())}


def backend() -> Backend:
    """The backend for the default database connection."""
    try:
        return _BACKENDS[connection.vendor]
    except KeyError:
        raise NotImplementedError(
            f"zixun search supports SQLite and PostgreSQL, not {connection.vendor}"
        ) from None
