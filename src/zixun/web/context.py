from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from zixun.articles.models import Channel


def site(request: HttpRequest) -> dict:
    """Site name and the channel menu, on every page."""
    # Every page shows the menu; a minute's delay for a new channel saves a query per page.
    channels = cache.get_or_set("menu_channels", lambda: list(Channel.objects.all()), 60)
    return {"site_name": settings.SITE_NAME, "menu_channels": channels}
