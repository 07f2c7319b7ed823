"""The relevance mode of bench/search.py: questions and known items over one pooled site.

Questions: the 300 of ../shared/data/search/rgb-zh-refine.jsonl.gz; every passage of every
question (positive or negative) is pooled as one article, with no title, beside up to 3,000
news articles (title and body) that serve as known items: from corpus/inews.jsonl.gz (internet
news of many outlets, the default) or corpus/xinwenlianbo.jsonl.gz (CCTV, whose formulaic
titles, 俄称…乌称…, often share any two words with a dozen others).
A question succeeds when a positive passage is among the first 10 hits. Plain BM25 over rjieba
words (k1 1.2, b 0.75, every word of the question) runs on the same pool in the same run.
Known items: the title of a news story, typed as two 4-character pieces cut at fixed places
(which cut across words), or as two of its words; the story must be in the top 3.

Every set is split by a deterministic hash before tuning: 30 % is sealed and scored only with
--sealed; development uses the rest.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import random
import re
import time
from collections import Counter
from datetime import UTC, datetime

SEALED_SHARE = 30  # percent
NEWS_ITEMS = 3000


def sealed(key: str) -> bool:
    """True for the sealed part of a labelled set: a fixed 30 % by a hash of the item's key."""
    return int(hashlib.sha1(key.encode("utf-8")).hexdigest()[:8], 16) % 100 < SEALED_SHARE


def load_questions(data) -> list[dict]:
    with gzip.open(data / "search" / "rgb-zh-refine.jsonl.gz", "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


NEWS = {"inews": ("inews.jsonl.gz", "content", 2), "xinwenlianbo": ("xinwenlianbo.jsonl.gz", "body", 5)}


def load_news(data, n: int, corpus: str = "inews") -> list[dict]:
    """Every 2nd (inews) or 5th (CCTV) article with a body and a title of 10+ characters."""
    name, body, step = NEWS[corpus]
    rows = []
    with gzip.open(data / "corpus" / name, "rt", encoding="utf-8") as f:
        for i, line in enumerate(f):
            r = json.loads(line)
            if i % step == 0 and r[body] and len(re.sub(r"\W", "", r["title"])) >= 10:
                rows.append({"title": r["title"], "body": r[body], "key": f"{corpus}:{r['id']}"})
            if len(rows) >= n:
                break
    return rows


def _words(text: str) -> list[str]:
    from zixun.text.segment import segment

    return [w.lower() for w in segment(text) if re.search(r"\w", w)]


class PlainBM25:
    """BM25 over rjieba words, the textbook way, as the baseline."""

    def __init__(self, docs: list[str], k1: float = 1.2, b: float = 0.75):
        self.k1, self.b = k1, b
        self.tfs = [Counter(_words(d)) for d in docs]
        self.lengths = [sum(tf.values()) for tf in self.tfs]
        self.avg = sum(self.lengths) / len(self.lengths)
        df = Counter(w for tf in self.tfs for w in tf)
        n = len(docs)
        self.idf = {w: math.log(1 + (n - c + 0.5) / (c + 0.5)) for w, c in df.items()}
        self.postings: dict[str, list[int]] = {}
        for i, tf in enumerate(self.tfs):
            for w in tf:
                self.postings.setdefault(w, []).append(i)

    def top(self, query: str, k: int) -> list[int]:
        scores: Counter = Counter()
        for w in set(_words(query)):
            for i in self.postings.get(w, ()):
                tf, norm = self.tfs[i][w], self.k1 * (1 - self.b + self.b * self.lengths[i] / self.avg)
                scores[i] += self.idf[w] * tf * (self.k1 + 1) / (tf + norm)
        return [i for i, _ in scores.most_common(k)]


def metrics(rankings: list[list], relevant: list[set]) -> dict:
    """success@10, MRR@10 and nDCG@10 (binary gains) over the questions."""
    s = mrr = ndcg = 0.0
    for ranked, good in zip(rankings, relevant, strict=True):
        ranked = ranked[:10]
        firsts = [r for r, item in enumerate(ranked) if item in good]
        s += bool(firsts)
        mrr += 1 / (firsts[0] + 1) if firsts else 0.0
        dcg = sum(1 / math.log2(r + 2) for r in firsts)
        ideal = sum(1 / math.log2(r + 2) for r in range(min(10, len(good))))
        ndcg += dcg / ideal if ideal else 0.0
    n = max(1, len(rankings))
    return {"n": len(rankings), "success@10": s / n, "MRR@10": mrr / n, "nDCG@10": ndcg / n}


def title_fragments(title: str) -> str | None:
    """Two 4-character pieces of the title's letters, cut at fixed places (3rd and middle)."""
    t = re.sub(r"\W", "", title)
    if len(t) < 12:
        return None
    mid = len(t) // 2
    return f"{t[2:6]} {t[mid:mid + 4]}"


def title_words(title: str, rng: random.Random) -> str | None:
    """Two words of the title, of two or more characters."""
    from zixun.text.segment import segment

    words = list(dict.fromkeys(w for w in segment(title) if len(w) >= 2 and re.fullmatch(r"\w+", w)))
    return " ".join(rng.sample(words, 2)) if len(words) >= 2 else None


def run(data, use_sealed: bool, corpus: str = "inews") -> None:
    from django.db import transaction

    from zixun.articles.models import Article
    from zixun.search import SearchRequest, search
    from zixun.search.index import rebuild

    if Article.objects.exists():
        raise SystemExit("the relevance mode needs an empty database: start a new PostgreSQL")
    questions = load_questions(data)
    news = load_news(data, NEWS_ITEMS, corpus)
    passages = list(dict.fromkeys(p for q in questions for p in q["positive"] + q["negative"]))
    when = datetime(2022, 6, 1, tzinfo=UTC)  # one date for all: no recency boost differs
    docs = [("", p) for p in passages] + [(n["title"], n["body"]) for n in news]
    with transaction.atomic():
        created = Article.objects.bulk_create(
            [Article(title=t, body_text=b, published_at=when) for t, b in docs], batch_size=2000)
    ids = [a.pk for a in created]
    if ids[0] is None:
        ids = list(Article.objects.order_by("id").values_list("id", flat=True))
    started = time.perf_counter()
    rebuild()
    text_chars = sum(len(t) + len(b) for t, b in docs)
    print(f"pool: {len(passages):,} passages + {len(news):,} {corpus} articles "
          f"({text_chars:,} characters), indexed in {time.perf_counter() - started:.1f} s")
    part = "sealed" if use_sealed else "development"
    chosen = [q for q in questions if sealed(f"rgb:{q['id']}") == use_sealed]
    position = {p: i for i, p in enumerate(passages)}
    relevant = [{ids[position[p]] for p in q["positive"]} for q in chosen]

    started = time.perf_counter()
    ours = [[h.article.pk for h in search(SearchRequest(q=q["query"], per_page=10)).hits]
            for q in chosen]
    ours_s = time.perf_counter() - started
    bm25 = PlainBM25([f"{t} {b}" for t, b in docs])
    base = [[ids[i] for i in bm25.top(q["query"], 10)] for q in chosen]
    print(f"questions ({part}, {len(chosen)}): {ours_s / max(1, len(chosen)) * 1000:.1f} ms each")
    for name, ranking in (("zixun", ours), ("plain BM25 (rjieba words)", base)):
        m = metrics(ranking, relevant)
        print(f"  {name:<27} success@10 {m['success@10']:.3f}  MRR@10 {m['MRR@10']:.3f}  "
              f"nDCG@10 {m['nDCG@10']:.3f}")
    empty = sum(1 for r in ours if not r)
    print(f"  zixun empty pages: {empty}")

    rng = random.Random(5)
    counts = Counter(n["title"] for n in news)
    items = [(ids[len(passages) + i], n) for i, n in enumerate(news)
             if counts[n["title"]] == 1 and sealed(f"news:{n['key']}") == use_sealed]
    for name, make in (("title fragments", lambda t: title_fragments(t)),
                       ("whole words", lambda t: title_words(t, rng))):
        hits = tried = 0
        for article_id, n in items:
            q = make(n["title"])
            if q is None:
                continue
            top = [h.article.pk for h in search(SearchRequest(q=q, per_page=3)).hits]
            hits += article_id in top
            tried += 1
        print(f"known-item top-3, {name} ({part}): {hits / max(1, tried):.3f} of {tried}")
