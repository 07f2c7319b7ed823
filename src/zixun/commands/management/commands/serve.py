import os
import re

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connections

from zixun.config import SQLITE_WEB_CACHE_KIB


class Command(BaseCommand):
    help = "Serve the site with gunicorn; static files come from the app itself (whitenoise)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=min(4, (os.cpu_count() or 1) * 2))
        parser.add_argument("--no-migrate", action="store_true", help="do not apply migrations first")
        parser.add_argument("--access-log", action="store_true",
                            help="log every request to standard output (errors are always logged)")

    def handle(self, *args, host, port, workers, no_migrate, access_log, **options):
        if not no_migrate:
            call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        _smaller_page_cache_for_web_workers()
        from gunicorn.app.wsgiapp import WSGIApplication

        self.stdout.write(f"zixun: serving on http://{host}:{port}/ ({workers} workers, data in {settings.DATA_DIR})")
        argv = [
            "gunicorn", "zixun.wsgi:application",
            "--bind", f"{host}:{port}",
            "--workers", str(workers),
            "--timeout", "30",
        ]
        if access_log:
            argv += ["--access-logfile", "-"]
        import sys

        sys.argv = argv
        WSGIApplication("%(prog)s [OPTIONS] [APP_MODULE]").run()


def _smaller_page_cache_for_web_workers() -> None:
    """Web workers each keep a SQLite connection; give each a modest page cache (see config)."""
    database = settings.DATABASES["default"]
    if "sqlite" not in database["ENGINE"]:
        return
    options = database["OPTIONS"]
    options["init_command"] = re.sub(r"cache_size=-?\d+", f"cache_size=-{SQLITE_WEB_CACHE_KIB}",
                                     options["init_command"])
    connections.close_all()  # the workers open their own, with the new options
