"""热门资讯 readers: rotating user agents from one network does not make more readers."""

from __future__ import annotations

import pytest

from tests.ranking.test_hot import make, read, readers
from zixun.ranking.readers import READERS_PER_ADDRESS, network_of

pytestmark = pytest.mark.django_db


def agent(n: int) -> str:
    return f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/{100 + n}.0 Safari/537.36"


def test_one_address_with_fifty_user_agents_counts_at_most_the_cap(client):
    article = make("换浏览器标识刷榜")
    for n in range(50):
        assert read(client, article, agent=agent(n)).status_code == 200
    article.refresh_from_db()
    assert article.view_count == 50  # every view still counts as a view
    assert readers(article) == READERS_PER_ADDRESS


def test_fifty_addresses_are_fifty_readers(client):
    article = make("五十个读者")
    for n in range(50):
        read(client, article, agent=agent(n), address=f"198.51.100.{n + 1}")
    assert readers(article) == 50


def test_readers_behind_one_address_count_up_to_the_cap_and_a_repeat_stays_one(client):
    article = make("同一出口")
    for n in range(3):
        read(client, article, agent=agent(n))
        read(client, article, agent=agent(n))
    assert readers(article) == 3


def test_the_cap_is_per_article(client):
    first, second = make("第一篇"), make("第二篇")
    for n in range(READERS_PER_ADDRESS + 5):
        read(client, first, agent=agent(n))
    read(client, second, agent=agent(99))
    assert readers(first) == READERS_PER_ADDRESS and readers(second) == 1


def test_rotating_addresses_inside_one_ipv6_64_counts_as_one_network(client):
    article = make("IPv6 轮换")
    for n in range(30):
        read(client, article, agent=agent(n), address=f"2001:db8:1:2::{n + 1:x}")
    assert readers(article) == READERS_PER_ADDRESS


def test_a_network_is_the_ipv4_address_or_the_ipv6_64():
    assert network_of("203.0.113.7") == "203.0.113.7"
    assert network_of("2001:db8:1:2:aaaa::1") == "2001:db8:1:2::/64"
    assert network_of("::ffff:203.0.113.7") == "203.0.113.7"
