"""The route table: every page of the site, by URL."""

from django.conf import settings
from django.contrib import admin
from django.urls import path, register_converter

from zixun.api.routes import api
from zixun.api.routes import not_found as api_not_found
from zixun.web import sitemaps, views


class FeedFile:
    """The file name of a list's feed: rss.xml, atom.xml or feed.json (zixun.web.feeds)."""

    regex = r"rss\.xml|atom\.xml|feed\.json"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(FeedFile, "feed")

# The admin is the newsroom: named after the site, not after Django.
admin.site.site_header = f"{settings.SITE_NAME} · 编辑部"
admin.site.site_title = f"{settings.SITE_NAME} 编辑部"
admin.site.index_title = "编辑部首页"

urlpatterns = [
    path("", views.home, name="home"),
    path("<feed:file_name>", views.home_feed, name="home-feed"),
    path("a/<int:pk>/", views.article, name="article"),
    path("preview/<str:token>/", views.preview, name="preview"),
    path("channel/<str:slug>/", views.channel, name="channel"),
    path("tag/<str:slug>/", views.tag, name="tag"),
    path("source/<str:slug>/", views.source, name="source"),
    path("channel/<str:slug>/<feed:file_name>", views.list_feed, {"kind": "channel"}, name="channel-feed"),
    path("tag/<str:slug>/<feed:file_name>", views.list_feed, {"kind": "tag"}, name="tag-feed"),
    path("source/<str:slug>/<feed:file_name>", views.list_feed, {"kind": "source"}, name="source-feed"),
    path("topic/<str:slug>/", views.topic, name="topic"),
    path("topic/<str:slug>/<feed:file_name>", views.topic_feed, name="topic-feed"),
    path("search", views.search, name="search"),
    path("search/<feed:file_name>", views.search_feed, name="search-feed"),
    path("robots.txt", views.robots, name="robots"),
    path("sitemap.xml", sitemaps.index, name="sitemap-index"),
    path("sitemap-pages.xml", sitemaps.pages_xml, name="sitemap-pages"),
    path("sitemap-news.xml", sitemaps.news_xml, name="sitemap-news"),
    path("sitemap-<int:number>.xml", sitemaps.articles_xml, name="sitemap-articles"),
    path("sitemap.txt", sitemaps.pages_text, name="sitemap-text"),
    path("sitemap-<int:number>.txt", sitemaps.articles_text, name="sitemap-articles-text"),
    path("indexnow-key.txt", views.indexnow_key, name="indexnow-key"),
    path("csp-report", views.csp_report, name="csp-report"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("api/v1/<path:rest>", api_not_found),
]

handler404 = "zixun.web.views.not_found"
handler500 = "zixun.web.views.server_error"
