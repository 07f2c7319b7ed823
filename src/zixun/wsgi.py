"""WSGI entry point for gunicorn (`zixun serve`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zixun.settings")
application = get_wsgi_application()
