from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.loader import DEMO_ADMIN_PASSWORD, DEMO_ADMIN_USERNAME, load_demo_content


class Command(BaseCommand):
    help = "Load the InduCult2.0 demo content and a local superuser; keeps whatever is already there."

    def handle(self, *args, **options):
        if not getattr(settings, "DEMO_CONTENT_ALLOWED", False):
            raise CommandError(
                "Refusing to load demo content: these settings do not allow it (the demo superuser has a "
                "published password). Use the dev settings."
            )
        added = load_demo_content()
        if added:
            self.stdout.write(self.style.SUCCESS("Demo content added: " + ", ".join(added)))
        else:
            self.stdout.write("Demo content already loaded; nothing changed.")
        self.stdout.write(f"Demo login: {DEMO_ADMIN_USERNAME} / {DEMO_ADMIN_PASSWORD}")
