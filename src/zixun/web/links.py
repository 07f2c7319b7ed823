"""Absolute addresses of the site's pages, for feeds, sitemaps and share cards.

ZIXUN_SITE_URL names the site when it is set; otherwise a request's own scheme and host do
(the host is one of ALLOWED_HOSTS, so a reader cannot make the site name another).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.templatetags.static import static

# The image search engines show for the publisher (schema.org Organization.logo).
LOGO = "zixun/logo.png"


def site_root(request: HttpRequest | None = None) -> str:
    """``https://host`` without a trailing slash."""
    configured = settings.ANNOUNCE.site_url
    if configured or request is None:
        return configured
    return f"{request.scheme}://{request.get_host()}"


def absolute(root: str, path: str) -> str:
    """``path`` on the site at ``root``; an address that is already absolute stays as it is."""
    if path.startswith(("http://", "https://")):
        return path
    return root + path


def logo_url(root: str) -> str:
    return absolute(root, static(LOGO))
