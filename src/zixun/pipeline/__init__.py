"""The ingest pipeline, one module per stage, each passing plain values to the next.

fetch (zixun.lib.http) → extract (zixun.extract) → text (:mod:`zixun.pipeline.prepare`)
→ store (zixun.articles.ingest, the only writer). Ways in: feeds (:mod:`.feeds`) and bulk
records (:mod:`.records`); the way out is :mod:`.export`.
"""
