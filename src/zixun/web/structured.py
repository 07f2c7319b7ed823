"""What an article page tells machines: schema.org JSON-LD, Open Graph and Twitter card meta.

JSON-LD (a NewsArticle and the page's BreadcrumbList) lets search engines show the article
with its date, writers and publisher, and credit the outlet a repost came from (``isBasedOn``).
The Open Graph and Twitter tags make the card a share shows in WeChat, Weibo and the like.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

from zixun.articles.models import Article
from zixun.web.feedformats import rfc3339
from zixun.web.links import absolute, logo_url

# As Django's json_script: inside <script>, these three must not appear as themselves, or a
# title containing "</script>" would end the element. JSON reads the escapes back as the same
# characters.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003C", ">": "\\u003E", "&": "\\u0026"})
LOGO_SIZE = 128  # pixels, square: zixun/static/zixun/logo.png


@dataclass
class Card:
    """An article page's machine-readable head: JSON-LD and (attribute, name, content) metas."""

    ld_json: SafeString
    metas: list[tuple[str, str, str]] = field(default_factory=list)


def script_json(data: object) -> SafeString:
    """``data`` as JSON that is safe as the text of a <script> element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return mark_safe(text.translate(_SCRIPT_SAFE))  # noqa: S308 - escaped just above


def organization(name: str, root: str) -> dict:
    return {"@type": "Organization", "name": name, "url": root + "/",
            "logo": {"@type": "ImageObject", "url": logo_url(root),
                     "width": LOGO_SIZE, "height": LOGO_SIZE}}


def news_article(article: Article, root: str, tags: list[str]) -> dict:
    """The article as a schema.org NewsArticle."""
    page = absolute(root, article.get_absolute_url())
    credit = article.repost_credit()
    if article.authors:
        authors = [{"@type": "Person", "name": name} for name in article.authors]
    else:
        outlet = (credit.outlet if credit else "") or (article.source.name if article.source_id
                                                       else settings.SITE_NAME)
        authors = [{"@type": "Organization", "name": outlet}]
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": article.summary,
        "image": [article.cover_src or logo_url(root)],
        # An article that came without a date claims none (its stored time is its arrival day).
        **({"datePublished": rfc3339(article.published_at)} if article.date_known else {}),
        "dateModified": rfc3339(article.updated_at),
        "author": authors,
        "publisher": organization(settings.SITE_NAME, root),
        "mainEntityOfPage": {"@type": "WebPage", "@id": page},
        "url": page,
        "inLanguage": "zh-CN",
        "keywords": tags,
    }
    if article.channel_id:
        data["articleSection"] = article.channel.name
    if credit:
        based_on = {"@type": "NewsArticle", "publisher": {"@type": "Organization",
                                                          "name": credit.outlet}}
        if credit.url:
            based_on["url"] = credit.url
        data["isBasedOn"] = based_on
    cited = [{"@type": "CreativeWork",
              "publisher": {"@type": "Organization", "name": source["outlet"]},
              **({"datePublished": source["date"]} if source.get("date") else {})}
             for source in (article.byline or {}).get("cited_sources", []) if source.get("outlet")]
    if cited:
        data["citation"] = cited
    return data


def breadcrumbs(article: Article, root: str) -> dict:
    """Home → channel → article."""
    trail = [(settings.SITE_NAME, root + "/")]
    if article.channel_id:
        trail.append((article.channel.name, absolute(root, article.channel.get_absolute_url())))
    trail.append((article.title, absolute(root, article.get_absolute_url())))
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [{"@type": "ListItem", "position": n, "name": name, "item": url}
                            for n, (name, url) in enumerate(trail, start=1)],
    }


def share_metas(article: Article, root: str, tags: list[str]) -> list[tuple[str, str, str]]:
    """Open Graph (with article:*) and Twitter card tags, as (attribute, name, content)."""
    image = article.cover_src or logo_url(root)
    metas = [
        ("property", "og:type", "article"),
        ("property", "og:title", article.title),
        ("property", "og:description", article.summary),
        ("property", "og:url", absolute(root, article.get_absolute_url())),
        ("property", "og:site_name", settings.SITE_NAME),
        ("property", "og:locale", "zh_CN"),
        ("property", "og:image", image),
        *([("property", "article:published_time", rfc3339(article.published_at))]
          if article.date_known else []),
        ("property", "article:modified_time", rfc3339(article.updated_at)),
    ]
    if article.channel_id:
        metas.append(("property", "article:section", article.channel.name))
    metas += [("property", "article:tag", name) for name in tags]
    metas += [
        ("name", "twitter:card", "summary_large_image" if article.cover_src else "summary"),
        ("name", "twitter:title", article.title),
        ("name", "twitter:description", article.summary),
        ("name", "twitter:image", image),
    ]
    if article.author:
        metas.append(("name", "author", article.author))
    return metas


def article_card(article: Article, root: str) -> Card:
    """Everything an article page's head says about it to machines."""
    tags = [tag.name for tag in article.tags.all()]
    graph = [news_article(article, root, tags), breadcrumbs(article, root)]
    return Card(ld_json=script_json(graph), metas=share_metas(article, root, tags))
