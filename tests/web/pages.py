"""Helpers to read pages the way a scraper would: by their semantic parts."""

from __future__ import annotations

import lxml.html


def parse(response) -> lxml.html.HtmlElement:
    assert response.status_code == 200, response.status_code
    return lxml.html.fromstring(response.content.decode("utf-8"))


def texts(root, xpath: str) -> list[str]:
    return [" ".join(node.text_content().split()) for node in root.xpath(xpath)]


def hot_items(root) -> list[tuple[str, str]]:
    items = []
    for li in root.xpath('//section[@id="hot"]//li'):
        title = " ".join(li.xpath('string(.//*[@class="hot-title"])').split())
        summary = " ".join(li.xpath('string(.//*[@class="hot-summary"])').split())
        items.append((title, summary))
    return items
