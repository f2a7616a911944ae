from django.core.management.base import BaseCommand

from translations.roles import ensure_translator_groups


class Command(BaseCommand):
    help = "Create (or repair) the translators' groups, one per language: “Translators – German” and so on."

    def handle(self, *args, **options):
        groups = ensure_translator_groups()
        self.stdout.write(", ".join(group.name for group in groups.values()))
