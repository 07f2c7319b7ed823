"""What the benches that run a whole site share: the shared data folder and a throwaway site.

Imported by its sibling scripts (`python bench/hot.py` puts bench/ first on sys.path); it puts
src/ on the path too, so a bench runs from a checkout without an install.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))


def data_dir() -> Path:
    """The shared data folder: $ZIXUN_SHARED_DATA, default ../shared/data beside the repo."""
    return Path(os.environ.get("ZIXUN_SHARED_DATA", REPO.parent / "shared" / "data")).resolve()


def setup_django(name: str, database_url: str | None) -> None:
    """A throwaway data dir and database, migrated, so the bench `name` never touches a real site.

    `database_url`: PostgreSQL to run on; None for SQLite in the throwaway data dir.
    """
    os.environ["ZIXUN_DATA_DIR"] = tempfile.mkdtemp(prefix=f"zixun-bench-{name}-")
    os.environ["ZIXUN_DATABASE_URL"] = database_url or "sqlite:///bench.db"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zixun.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
