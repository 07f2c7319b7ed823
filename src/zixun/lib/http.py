"""The one way out to the network: fetch a URL safely, politely and within limits.

Every outgoing request in zixun goes through :func:`fetch`. It resolves host names itself,
refuses loopback/private/link-local/multicast/metadata addresses (unless an operator allowed
them) on every redirect hop, then connects to the very address it checked so a second DNS
answer cannot swap in another one. Bodies are streamed and cut at a size cap.
"""

from __future__ import annotations

import functools
import ipaddress
import ssl
import threading
import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from email.message import Message
from urllib.parse import SplitResult, urljoin, urlsplit

import httpx

from zixun.lib import addresses
from zixun.lib.addresses import IPNetwork, Resolver
from zixun.lib.encoding import decode_html

MB = 1024 * 1024
DEFAULT_USER_AGENT = "zixun/0.1 (+https://github.com/zixun/zixun)"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
ROBOTS_TTL_SECONDS = 3600.0
ROBOTS_MAX_BYTES = 512 * 1024


class FetchError(Exception):
    """A fetch failed; ``str(error)`` is a sentence an editor can act on."""

    def __init__(self, message: str, url: str) -> None:
        super().__init__(f"{message} ({url})")
        self.url = url


class FetchInvalidURL(FetchError):
    """The address is not an http(s) URL zixun can fetch."""


class FetchRefused(FetchError):
    """The address points at a network zixun must not reach (SSRF guard)."""


class FetchRobotsDisallowed(FetchError):
    """The site's robots.txt forbids zixun to fetch this page."""


class FetchTooLarge(FetchError):
    """The body went over the size cap; the download was stopped."""


class FetchTimeout(FetchError):
    """The server did not answer in time."""


class FetchConnectionError(FetchError):
    """The server could not be reached at all."""


class FetchTooManyRedirects(FetchError):
    """The redirects went on too long or in a loop."""


class FetchHTTPError(FetchError):
    """The server answered with an error status (4xx/5xx)."""

    def __init__(self, message: str, url: str, status: int) -> None:
        super().__init__(message, url)
        self.status = status


@dataclass(frozen=True)
class FetchPolicy:
    """Limits and manners for fetching; the defaults suit fetching news sites on the internet."""

    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0
    max_bytes: int = 10 * MB
    max_redirects: int = 5
    user_agent: str = DEFAULT_USER_AGENT
    per_host_concurrency: int = 2
    per_host_interval: float = 1.0
    robots: bool = True
    allow_hosts: frozenset[str] = frozenset()
    allow_networks: tuple[IPNetwork, ...] = ()
    resolver: Resolver = addresses.resolve

    @classmethod
    def allowing(cls, *entries: str, **overrides: object) -> FetchPolicy:
        """A policy that also allows the given host names, addresses or networks."""
        hosts, networks = addresses.parse_allow_list(entries)
        return cls(allow_hosts=hosts, allow_networks=networks, **overrides)  # type: ignore[arg-type]


@dataclass
class FetchResult:
    """What came back: final URL, status, headers and the (decoded) body bytes."""

    url: str
    status: int
    headers: dict[str, str]
    content: bytes
    not_modified: bool = False
    etag: str | None = None
    last_modified: str | None = None
    elapsed: float = 0.0
    redirects: list[str] = field(default_factory=list)

    @property
    def content_type(self) -> str | None:
        """The Content-Type header, if any."""
        return self.headers.get("content-type")

    @property
    def encoding(self) -> str | None:
        """The charset declared in the Content-Type header, if any."""
        if not self.content_type:
            return None
        message = Message()
        message["content-type"] = self.content_type
        charset = message.get_param("charset")
        return str(charset).strip().lower() if isinstance(charset, str) else None

    @property
    def text(self) -> str:
        """The body as text, decoded the way pages are (header, <meta>, BOM or detection)."""
        return decode_html(self.content, self.content_type)


def default_policy() -> FetchPolicy:
    """The policy from Django's FETCH_ALLOW_HOSTS when Django is configured, else the defaults."""
    try:
        from django.conf import settings

        entries = list(getattr(settings, "FETCH_ALLOW_HOSTS", []) or [])
    except Exception:  # Django absent or not configured: plain defaults.
        entries = []
    return FetchPolicy.allowing(*entries)


def fetch(
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    max_bytes: int | None = None,
    timeout: float | None = None,
    policy: FetchPolicy | None = None,
) -> FetchResult:
    """GET ``url`` under ``policy``; conditional when etag/last_modified are given."""
    policy = policy or default_policy()
    if max_bytes is not None:
        policy = _replace(policy, max_bytes=max_bytes)
    if timeout is not None:
        policy = _replace(
            policy, connect_timeout=timeout, read_timeout=timeout, total_timeout=timeout
        )
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    started = time.monotonic()
    _checked_url(url)
    if policy.robots and not _robots_allow(url, policy):
        raise FetchRobotsDisallowed(
            "网站的 robots.txt 不允许抓取此页面，请改用该站的 RSS 或联系站方", url
        )
    result = _fetch_following(url, headers, policy, started)
    result.elapsed = time.monotonic() - started
    return result


def _replace(policy: FetchPolicy, **changes: object) -> FetchPolicy:
    return replace(policy, **changes)  # type: ignore[arg-type]


def post(url: str, body: bytes, content_type: str, *, policy: FetchPolicy | None = None,
         timeout: float | None = None) -> FetchResult:
    """POST ``body`` to an API at ``url`` and return its answer, whatever its status.

    A call, not a crawl: robots.txt is not asked and redirects are not followed (a POST that
    moved is the caller's error to see). The address passes the same checks as a fetch, and
    the answer is cut at the policy's size cap.
    """
    policy = policy or default_policy()
    if timeout is not None:
        policy = _replace(policy, connect_timeout=timeout, read_timeout=timeout,
                          total_timeout=timeout)
    started = time.monotonic()
    host, _port, address = _checked_target(url, policy)
    target = httpx.URL(url).copy_with(host=address)
    headers = {"User-Agent": policy.user_agent, "Content-Type": content_type,
               "Host": _host_header(url)}
    extensions = {"sni_hostname": host} if target.scheme == "https" else {}
    limits = httpx.Timeout(policy.read_timeout, connect=policy.connect_timeout,
                           pool=policy.connect_timeout)
    with _HostSlot(host, policy), httpx.Client(trust_env=False, timeout=limits) as client:
        try:
            request = client.build_request("POST", target, headers=headers, content=body,
                                           extensions=extensions)
            response = client.send(request, stream=True)
            try:
                chunks, received = [], 0
                for chunk in response.iter_bytes(chunk_size=64 * 1024):
                    received += len(chunk)
                    if received > policy.max_bytes:
                        raise FetchTooLarge(_too_large(policy.max_bytes), url)
                    chunks.append(chunk)
            finally:
                response.close()
        except httpx.TimeoutException:
            raise FetchTimeout("服务器长时间没有响应，请稍后再试", url) from None
        except httpx.HTTPError as exc:
            raise FetchConnectionError(f"无法连接服务器：{_plain(exc)}，请稍后再试", url) from None
    answer = {key.lower(): value for key, value in response.headers.items()}
    return FetchResult(url=url, status=response.status_code, headers=answer,
                       content=b"".join(chunks), elapsed=time.monotonic() - started)


def _fetch_following(
    url: str, headers: dict[str, str], policy: FetchPolicy, started: float
) -> FetchResult:
    """Follow redirects by hand so that every hop passes the address check again."""
    seen: list[str] = []
    current = url
    while True:
        if current in seen:
            raise FetchTooManyRedirects("页面重定向形成了循环，请检查地址是否正确", url)
        seen.append(current)
        result = _fetch_once(current, headers, policy, started)
        if result.status not in REDIRECT_STATUSES:
            result.redirects = seen[:-1]
            return result
        location = result.headers.get("location")
        if not location:
            raise FetchHTTPError(
                f"服务器返回重定向 {result.status} 却没有给出新地址", current, result.status
            )
        if len(seen) > policy.max_redirects:
            raise FetchTooManyRedirects(
                f"重定向超过 {policy.max_redirects} 次，已停止，请直接使用最终地址", url
            )
        current = _redirect_target(current, location)


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """One verifying TLS context for every fetch: building one reads the whole CA bundle,
    which costs more CPU than a small request itself."""
    return httpx.create_ssl_context()


def _fetch_once(
    url: str, headers: dict[str, str], policy: FetchPolicy, started: float
) -> FetchResult:
    host, port, address = _checked_target(url, policy)
    target = httpx.URL(url).copy_with(host=address)
    request_headers = {
        "User-Agent": policy.user_agent,
        "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5",
        "Host": _host_header(url),
        **headers,
    }
    extensions = {"sni_hostname": host} if target.scheme == "https" else {}
    timeout = httpx.Timeout(
        policy.read_timeout, connect=policy.connect_timeout, pool=policy.connect_timeout
    )
    # httpx reads a redirect's Location as soon as the response arrives, even when it is not
    # to follow it; checking it first here makes a bad one zixun's refusal, in words.
    hooks = {"response": [lambda response: _check_redirect(url, response)]}
    with _HostSlot(host, policy), httpx.Client(trust_env=False, timeout=timeout,
                                               event_hooks=hooks, verify=_tls_context()) as client:
        try:
            request = client.build_request("GET", target, headers=request_headers,
                                           extensions=extensions)
            response = client.send(request, stream=True)
        except httpx.TimeoutException:
            raise FetchTimeout("服务器长时间没有响应，请稍后再试", url) from None
        except (httpx.InvalidURL, UnicodeError) as exc:
            # The request's own address was checked, so this is a Location header that
            # _check_redirect let through and httpx still cannot read.
            raise FetchInvalidURL(f"服务器重定向到一个无效的地址：{_plain(exc)}", url) from None
        except httpx.RemoteProtocolError as exc:
            if "location header" in str(exc).lower():
                raise FetchInvalidURL(
                    f"服务器重定向到一个无效的地址：{_plain(exc)}", url
                ) from None
            raise FetchConnectionError(
                f"服务器的响应不合 HTTP 规范：{_plain(exc)}", url
            ) from None
        except httpx.HTTPError as exc:
            raise FetchConnectionError(
                f"无法连接服务器：{_plain(exc)}，请检查地址或稍后再试", url
            ) from None
        try:
            return _read_response(url, response, policy, started)
        finally:
            response.close()


def _read_response(
    url: str, response: httpx.Response, policy: FetchPolicy, started: float
) -> FetchResult:
    headers = {key.lower(): value for key, value in response.headers.items()}
    status = response.status_code
    base = FetchResult(url=url, status=status, headers=headers, content=b"",
                       etag=headers.get("etag"), last_modified=headers.get("last-modified"))
    if status in REDIRECT_STATUSES:
        return base
    if status == 304:
        base.not_modified = True
        return base
    if status >= 400:
        raise FetchHTTPError(_status_message(status), url, status)
    declared = headers.get("content-length", "")
    if declared.isdigit() and int(declared) > policy.max_bytes:
        raise FetchTooLarge(_too_large(policy.max_bytes), url)
    chunks: list[bytes] = []
    received = 0
    try:
        # iter_bytes yields decompressed data, so the cap also stops gzip/brotli bombs.
        for chunk in response.iter_bytes(chunk_size=64 * 1024):
            received += len(chunk)
            if received > policy.max_bytes:
                raise FetchTooLarge(_too_large(policy.max_bytes), url)
            if time.monotonic() - started > policy.total_timeout:
                raise FetchTimeout("下载时间过长，已停止，请稍后再试", url)
            chunks.append(chunk)
    except httpx.TimeoutException:
        raise FetchTimeout("服务器发送数据过慢，已停止，请稍后再试", url) from None
    except httpx.DecodingError:
        raise FetchConnectionError("服务器返回的压缩数据已损坏", url) from None
    except httpx.HTTPError as exc:
        raise FetchConnectionError(f"下载中断：{_plain(exc)}", url) from None
    base.content = b"".join(chunks)
    return base


def _checked_url(url: str) -> tuple[SplitResult, int | None]:
    """The parts of an http(s) URL that both urllib and httpx can read, or FetchInvalidURL."""
    try:
        parts = urlsplit(url)
        port = parts.port
        httpx.URL(url)
    except (ValueError, httpx.InvalidURL):  # UnicodeError (IDNA) is a ValueError too
        raise FetchInvalidURL("地址格式不正确", url) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchInvalidURL("只能抓取 http:// 或 https:// 开头的网址", url)
    return parts, port


def _redirect_target(current: str, location: str) -> str:
    """The absolute address a redirect points to, if it is one zixun may fetch."""
    try:
        target = urljoin(current, location.strip())
    except ValueError:
        raise FetchInvalidURL(f"服务器重定向到一个无效的地址 {location[:200]!r}", current) from None
    if urlsplit(target).scheme not in ("http", "https"):
        raise FetchInvalidURL(
            f"服务器重定向到不能抓取的地址 {location[:200]!r}，只能抓取 http(s) 网址", current
        )
    return target


def _check_redirect(url: str, response: httpx.Response) -> None:
    """Refuse a redirect whose Location is not an http(s) address zixun could fetch."""
    location = response.headers.get("location")
    if response.status_code in REDIRECT_STATUSES and location:
        target = _redirect_target(url, location)
        try:
            _checked_url(target)
        except FetchInvalidURL:
            raise FetchInvalidURL(
                f"服务器重定向到一个无效的地址 {location[:200]!r}", url
            ) from None


def _checked_target(url: str, policy: FetchPolicy) -> tuple[str, int, str]:
    """Host, port and the one resolved address we will connect to, or a refusal."""
    parts, port = _checked_url(url)
    host = (parts.hostname or "").lower().rstrip(".")
    port = port or (443 if parts.scheme == "https" else 80)
    try:
        literal = ipaddress.ip_address(host)
        resolved = [str(literal)]
    except ValueError:
        try:
            resolved = policy.resolver(host, port)
        except (OSError, UnicodeError):  # UnicodeError: a name IDNA cannot encode
            raise FetchConnectionError(f"找不到域名 {host}，请检查拼写", url) from None
    if not resolved:
        raise FetchConnectionError(f"找不到域名 {host}，请检查拼写", url)
    # Every address must pass: a name that resolves to one public and one private address
    # could otherwise be steered to the private one.
    for text in resolved:
        address = ipaddress.ip_address(text)
        if addresses.is_allowed(host, address, policy.allow_hosts, policy.allow_networks):
            continue
        reason = addresses.blocked_reason(address)
        if reason:
            raise FetchRefused(
                f"拒绝访问{reason} {address}；如确需抓取，请让管理员把该主机加入 "
                "ZIXUN_FETCH_ALLOW_HOSTS",
                url,
            )
    return host, port, resolved[0]


def _host_header(url: str) -> str:
    parts = urlsplit(url)
    host = parts.hostname or ""
    shown = f"[{host}]" if ":" in host else host
    return f"{shown}:{parts.port}" if parts.port else shown


def _status_message(status: int) -> str:
    if status == 404:
        return "页面不存在 (404)，请检查地址"
    if status in (401, 403):
        return f"网站拒绝访问 ({status})"
    if status == 429:
        return "请求过于频繁，网站要求稍后再试 (429)"
    if status >= 500:
        return f"网站服务器出错 ({status})，请稍后再试"
    return f"网站返回错误状态 {status}"


def _too_large(max_bytes: int) -> str:
    return f"页面超过 {max_bytes / MB:g} MB 上限，已停止下载"


def _plain(exc: Exception) -> str:
    return str(exc) or type(exc).__name__


class _HostGate:
    """At most N requests at once to a host, and at least ``interval`` seconds between starts."""

    def __init__(self, concurrency: int) -> None:
        self.slots = threading.BoundedSemaphore(max(1, concurrency))
        self.lock = threading.Lock()
        self.next_start = 0.0

    def __enter__(self) -> None:
        self.slots.acquire()

    def wait_turn(self, interval: float) -> None:
        with self.lock:
            now = time.monotonic()
            wait = max(0.0, self.next_start - now)
            self.next_start = max(now, self.next_start) + interval
        if wait:
            time.sleep(wait)

    def __exit__(self, *exc: object) -> None:
        self.slots.release()


_gates: dict[tuple[str, int], _HostGate] = {}
_gates_lock = threading.Lock()


class _HostSlot:
    """Context manager holding a politeness slot for ``host`` for the length of one request."""

    def __init__(self, host: str, policy: FetchPolicy) -> None:
        key = (host, policy.per_host_concurrency)
        with _gates_lock:
            self.gate = _gates.setdefault(key, _HostGate(policy.per_host_concurrency))
        self.interval = policy.per_host_interval

    def __enter__(self) -> None:
        self.gate.__enter__()
        self.gate.wait_turn(self.interval)

    def __exit__(self, *exc: object) -> None:
        self.gate.__exit__(*exc)


_robots_cache: dict[str, tuple[float, Callable[[str, str], bool]]] = {}
_robots_lock = threading.Lock()


def _robots_allow(url: str, policy: FetchPolicy) -> bool:
    """Whether robots.txt lets our user agent fetch ``url``; cached per site for an hour."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return True  # the fetch itself reports the bad address
    site = f"{parts.scheme}://{parts.netloc}"
    now = time.monotonic()
    with _robots_lock:
        cached = _robots_cache.get(site)
    if cached is None or cached[0] < now:
        cached = (now + ROBOTS_TTL_SECONDS, _load_robots(site, policy))
        with _robots_lock:
            _robots_cache[site] = cached
    agent = policy.user_agent.split("/", 1)[0]
    return cached[1](agent, url)


def _load_robots(site: str, policy: FetchPolicy) -> Callable[[str, str], bool]:
    robots_policy = _replace(policy, max_bytes=ROBOTS_MAX_BYTES, robots=False)
    try:
        result = _fetch_following(site + "/robots.txt", {}, robots_policy, time.monotonic())
    except FetchHTTPError as exc:
        # As the robots.txt standard says: 4xx means no rules; 5xx means "assume disallowed".
        if exc.status >= 500:
            return lambda agent, url: False
        return lambda agent, url: True
    except FetchRefused:
        raise
    except FetchError:
        return lambda agent, url: True
    parser = urllib.robotparser.RobotFileParser()
    parser.parse(result.content.decode("utf-8", errors="replace").splitlines())
    return parser.can_fetch


def clear_caches() -> None:
    """Forget robots.txt rules and host timings (for tests and long-lived workers)."""
    with _robots_lock:
        _robots_cache.clear()
    with _gates_lock:
        _gates.clear()
