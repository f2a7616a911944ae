import time

from django.core.management.base import BaseCommand

from sitesearch import documents, indexing


class Command(BaseCommand):
    help = "Rebuild the site search table from the live public pages (and read documents' text that is missing)."

    def add_arguments(self, parser):
        parser.add_argument("--documents", action="store_true", help="Read the text of every document again first.")

    def handle(self, *args, **options):
        started = time.monotonic()
        read = documents.extract_missing(everything=options["documents"])
        if read:
            self.stdout.write(f"Read the text of {read} documents.")
        count = indexing.rebuild(progress=lambda n: self.stdout.write(f"  {n} pages…") if n % 1000 == 0 else None)
        self.stdout.write(f"Indexed {count} pages in {time.monotonic() - started:.1f} s.")
