"""Who is reading: bots and prefetches told apart from readers, readers known only by a daily hash.

A reader key also names the reader's network, so that one machine rotating user agents counts
as a few readers at most (see `address_prefix`).
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
import secrets
from datetime import date, timedelta

from django.core.cache import cache
from django.db import IntegrityError, transaction

from zixun.ranking.models import DailySalt

# Crawlers, link previewers, feed fetchers and HTTP libraries: none of them is a reader.
BOT_AGENT = re.compile(
    r"bot\b|bot/|spider|crawl|slurp|baiduspider|sogou|yisouspider|bytespider|petalbot|"
    r"headless|phantomjs|lighthouse|preview|facebookexternalhit|embedly|feed|rss|"
    r"python-|python/|curl/|wget/|httpx|okhttp|go-http-client|java/|libwww|scrapy|axios|"
    r"node-fetch|monitor|uptime|pingdom|check_http",
    re.IGNORECASE,
)
# Readers of one article in one day counted from one network (see address_prefix): more than
# a household or a small office shows, far fewer than a script rotating user agents would.
READERS_PER_ADDRESS = 8
# Salts of yesterday stay for readers whose day straddles midnight in another time zone; older
# ones are deleted by prune_salts().
SALT_DAYS_KEPT = 2
# Processes keep the salt in their cache, shorter than the salt lives in the database.
SALT_CACHE_SECONDS = 3600


def is_bot(user_agent: str) -> bool:
    """True for the user agent of a crawler, previewer, monitor or HTTP library."""
    return bool(BOT_AGENT.search(user_agent))


def is_prefetch(headers: dict[str, str] | object) -> bool:
    """True for a speculative load (Purpose/Sec-Purpose: prefetch), which no one has read yet."""
    purpose = " ".join(
        headers.get(name, "") for name in ("Sec-Purpose", "Purpose", "X-Purpose", "X-Moz")
    )
    return "prefetch" in purpose.lower() or "preview" in purpose.lower()


def daily_salt(day: date) -> str:
    """The random salt of ``day``, made by the first request of the day and shared by all processes."""
    key = f"reader-salt:{day.isoformat()}"
    salt = cache.get(key)
    if salt is not None:
        return salt
    row = DailySalt.objects.filter(day=day).first()
    if row is None:
        try:
            with transaction.atomic():
                row = DailySalt.objects.create(day=day, salt=secrets.token_hex(32))
        except IntegrityError:
            # Another process made today's salt first: use theirs, or nobody agrees on a reader.
            row = DailySalt.objects.get(day=day)
    cache.set(key, row.salt, SALT_CACHE_SECONDS)
    return row.salt


def reader_key(address: str, user_agent: str, day: date) -> str:
    """A reader's anonymous key for ``day``: two salted hashes, of the address's network
    (`address_prefix`) and of address and user agent, 16 hex digits each."""
    salt = daily_salt(day).encode()
    network = hashlib.blake2b(network_of(address).encode(), digest_size=8, key=salt)
    reader = hashlib.blake2b(f"{address}\n{user_agent}".encode(), digest_size=8, key=salt)
    return network.hexdigest() + reader.hexdigest()


def address_prefix(reader: str) -> str:
    """The part of a reader key that every reader from the same network shares.

    How readers behind one address are counted: as many readers as they show browsers (user
    agents), up to READERS_PER_ADDRESS per article a day (zixun.ranking.hot). A family or an
    office behind one NAT is several readers; one machine sending 50 user agents is not 50.
    Cookies would tell readers apart better, but a page that sets a cookie cannot be served
    from the shared page cache (zixun.web.cache), and readers would have to agree to it.
    """
    return reader[:16]


def network_of(address: str) -> str:
    """The network one party holds: the address for IPv4, its /64 for IPv6 (a home or a phone
    is given a whole /64, so it could rotate addresses inside it at will)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 4:
        return str(ip)
    if ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    return str(ipaddress.ip_network(f"{ip}/64", strict=False))


def prune_salts(today: date) -> int:
    """Forget salts older than yesterday so old reader hashes can never be recomputed."""
    cutoff = today - timedelta(days=SALT_DAYS_KEPT - 1)
    cache.delete_many([f"reader-salt:{(cutoff - timedelta(days=n)).isoformat()}" for n in range(1, 8)])
    deleted, _ = DailySalt.objects.filter(day__lt=cutoff).delete()
    return deleted
