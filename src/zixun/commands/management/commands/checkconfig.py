from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection


class Command(BaseCommand):
    help = "Print the effective settings (secrets masked) and check the database answers."

    def handle(self, *args, **options):
        for name, value in settings.CONFIG.describe().items():
            self.stdout.write(f"{name:28} {value}")
        try:
            connection.ensure_connection()
        except Exception as exc:  # any driver error: say it plainly, exit non-zero
            self.stderr.write(f"database: cannot connect: {exc}")
            raise SystemExit(1) from None
        self.stdout.write(f"{'database connection':28} ok ({connection.vendor})")
