from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from translations import units as u
from translations.roles import add_translator


class Command(BaseCommand):
    help = "Make a user a translator for one language (they may then edit that language's fields of every page)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("language", help=f"One of {', '.join(u.target_languages())}.")

    def handle(self, *args, username, language, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No such user: {username}")
        if language not in u.target_languages():
            raise CommandError(f"Unknown translation language {language!r}; choose one of {', '.join(u.target_languages())}.")
        group = add_translator(user=user, language=language)
        self.stdout.write(f"{username} is now in {group.name}.")
