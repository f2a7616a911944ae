from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from translations.exchange import import_xliff
from translations.xliff import XliffError


class Command(BaseCommand):
    help = (
        "Import a translated XLIFF file exported by export_translations: fills the fields (one new revision per page, "
        "published unless other changes wait in it) and reports what it changed, what was already there, what it "
        "rejected and what it skipped (pages that are locked, in moderation or scheduled for publishing)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The translated XLIFF file.")
        parser.add_argument("--user", help="Import as this user (their rights apply and the revisions name them).")

    def handle(self, *args, file, user=None, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        importer = None
        if user:
            importer = get_user_model().objects.filter(username=user).first()
            if importer is None:
                raise CommandError(f"No such user: {user}")
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror or error}") from None
        try:
            report = import_xliff(data=data, user=importer)
        except XliffError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Filled {len(report.changed)}, confirmed {len(report.confirmed)}, unchanged {len(report.unchanged)}, "
            f"rejected {len(report.rejected)}, skipped {len(report.skipped)}."
        )
        for heading, entries in (
            ("Filled", report.changed),
            ("Confirmed", report.confirmed),
            ("Unchanged", report.unchanged),
            ("Rejected", report.rejected),
            ("Skipped", report.skipped),
        ):
            for title, unit_id, detail in entries:
                self.stdout.write(f"{heading}: {title} [{unit_id}] {detail}")
        for title in report.published:
            self.stdout.write(f"Published: {title}")
        for title, reason in report.drafts:
            self.stdout.write(f"Saved as a draft: {title}: {reason}")
