"""The route table: every page of the site, by URL."""

from django.contrib import admin
from django.urls import path

from zixun.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("a/<int:pk>/", views.article, name="article"),
    path("channel/<str:slug>/", views.channel, name="channel"),
    path("tag/<str:slug>/", views.tag, name="tag"),
    path("source/<str:slug>/", views.source, name="source"),
    path("search", views.search, name="search"),
    path("admin/", admin.site.urls),
]

handler404 = "zixun.web.views.not_found"
handler500 = "zixun.web.views.server_error"
