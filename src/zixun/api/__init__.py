"""The JSON API under /api/v1/: reads for apps, mini-programs and other sites, writes with keys.

`routes` is the route table; `reads` and `writes` the views; `access` the keys, rate limits and
CORS around them; `cursor` the paging; `present` the JSON shapes; `schemas` their documentation.
"""
