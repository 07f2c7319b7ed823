"""The home page as editors arranged it: 头条, 推荐 and 幻灯, read in one query."""

from __future__ import annotations

from dataclasses import dataclass, field

from zixun.newsroom.models import FrontPageFlag

# How many of each the home page shows; more flagged items wait for a slot to free.
RECOMMENDED_SLOTS = 6
CAROUSEL_SLOTS = 5
# A bound on the rows read, whatever editors leave flagged.
MOST_FLAGS_READ = 100


@dataclass
class FrontPage:
    """The flagged articles the home page shows above the latest."""

    headline: object | None = None
    recommended: list = field(default_factory=list)
    carousel: list = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.headline or self.recommended or self.carousel)


def front_page() -> FrontPage:
    """The live flags' articles: the first 头条, the first 推荐 slots and the 幻灯 with covers."""
    flags = (FrontPageFlag.objects.live().select_related("article__channel", "article__source")
             .defer("article__body_html", "article__body_text", "article__byline",
                    "article__keywords")
             .order_by("kind", "position", "-set_at", "-id")[:MOST_FLAGS_READ])
    page = FrontPage()
    for flag in flags:
        article = flag.article
        if flag.kind == FrontPageFlag.Kind.HEADLINE and page.headline is None:
            page.headline = article
        elif flag.kind == FrontPageFlag.Kind.RECOMMENDED and len(page.recommended) < RECOMMENDED_SLOTS:
            page.recommended.append(article)
        elif (flag.kind == FrontPageFlag.Kind.CAROUSEL and article.cover_src
              and len(page.carousel) < CAROUSEL_SLOTS):
            page.carousel.append(article)
    return page
