from django.conf import settings
from django.http import HttpRequest

from zixun.articles.models import Channel


def site(request: HttpRequest) -> dict:
    """Site name and the channel menu, on every page."""
    return {"site_name": settings.SITE_NAME, "menu_channels": Channel.objects.all()}
