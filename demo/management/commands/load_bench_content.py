from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.bulk import add_large_dataset


class Command(BaseCommand):
    help = "Grow the demo site into the benchmark's large dataset (example partners, events and publications)."

    def add_arguments(self, parser):
        parser.add_argument("--partners", type=int, default=100, help="Partners in all, the demo's included.")
        parser.add_argument("--events", type=int, default=2000, help="Events to add.")
        parser.add_argument("--publications", type=int, default=5000, help="Publications to add, each with a file.")
        parser.add_argument("--slots", type=int, default=20, help="Agenda slots per event.")

    def handle(self, *args, **options):
        if not getattr(settings, "DEMO_CONTENT_ALLOWED", False):
            raise CommandError("Refusing to add benchmark content: these settings do not allow demo content.")
        added = add_large_dataset(
            partners=options["partners"],
            events=options["events"],
            publications=options["publications"],
            slots=options["slots"],
        )
        self.stdout.write(self.style.SUCCESS("Added: " + ", ".join(f"{count} {kind}" for kind, count in added.items())))
