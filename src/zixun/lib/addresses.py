"""Which network addresses zixun may connect to: the SSRF guard used by zixun.lib.http."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], list[str]]

# Named explicitly because some Python versions do not count it as private, and it is the
# cloud metadata endpoint that SSRF attacks aim at first.
METADATA_ADDRESSES = frozenset(
    {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")}
)
# Shared address space (carrier-grade NAT) and benchmarking nets are not "global" either.
EXTRA_BLOCKED = (
    ipaddress.ip_network("100.64.0.0/10"),
    ipaddress.ip_network("198.18.0.0/15"),
    ipaddress.ip_network("64:ff9b:1::/48"),
)


def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to, as strings, in the resolver's order."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    seen: list[str] = []
    for _family, _type, _proto, _name, sockaddr in infos:
        address = str(sockaddr[0]).split("%", 1)[0]
        if address not in seen:
            seen.append(address)
    return seen


def unwrap(address: IPAddress) -> IPAddress:
    """The IPv4 address inside an IPv4-mapped, 6to4 or NAT64 IPv6 address, else the address."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return address.ipv4_mapped
        if address.sixtofour is not None:
            return address.sixtofour
        if address in ipaddress.ip_network("64:ff9b::/96"):
            return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address


def blocked_reason(address: IPAddress) -> str | None:
    """Why connecting to ``address`` is refused by default, or None if it is a public address."""
    inner = unwrap(address)
    checks = (
        (inner in METADATA_ADDRESSES or address in METADATA_ADDRESSES, "云服务元数据地址"),
        (inner.is_loopback, "本机回环地址"),
        (inner.is_unspecified, "未指定地址"),
        (inner.is_link_local, "链路本地地址"),
        (inner.is_multicast, "组播地址"),
        (inner.is_private, "内网地址"),
        (inner.is_reserved, "保留地址"),
        (any(inner in net for net in EXTRA_BLOCKED if net.version == inner.version), "保留地址"),
        (not inner.is_global, "非公网地址"),
    )
    for matched, reason in checks:
        if matched:
            return reason
    return None


def parse_allow_list(entries: Iterable[str]) -> tuple[frozenset[str], tuple[IPNetwork, ...]]:
    """Split operator entries into host names and networks (``10.0.0.0/8``, ``127.0.0.1``)."""
    hosts: set[str] = set()
    networks: list[IPNetwork] = []
    for raw in entries:
        entry = raw.strip().lower().strip("[]")
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            hosts.add(entry.rstrip("."))
    return frozenset(hosts), tuple(networks)


def is_allowed(
    host: str,
    address: IPAddress,
    allow_hosts: frozenset[str],
    allow_networks: tuple[IPNetwork, ...],
) -> bool:
    """True when the operator explicitly allowed this host name or the network of the address."""
    if host.lower().rstrip(".") in allow_hosts:
        return True
    candidates = {address, unwrap(address)}
    return any(
        ip in net for ip in candidates for net in allow_networks if ip.version == net.version
    )
