from django.core.management.base import BaseCommand

from zixun.articles.models import Article


class Command(BaseCommand):
    help = "Load the demo content (the reference article, its hot list, a few hundred real stories)."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="only load into a database with no articles")

    def handle(self, *args, if_empty: bool, **options):
        if if_empty and Article.objects.exists():
            self.stdout.write("zixun demo: the database already has articles; nothing loaded")
            return
        from zixun.demo.load import load_demo

        counts = load_demo()
        self.stdout.write(
            f"zixun demo: created {counts.created}, updated {counts.updated}, "
            f"unchanged {counts.unchanged}, skipped {counts.skipped}"
        )
