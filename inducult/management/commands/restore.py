import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from inducult.backups import BackupError, media_bucket, restore_backup


class Command(BaseCommand):
    help = "Replace the database and the media files with those of a backup folder written by `backup`."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="A backup folder, for example backups/2026-11-21T101500.")
        parser.add_argument("--noinput", action="store_false", dest="interactive", help="Do not ask for confirmation.")

    def handle(self, *args, **options):
        database = settings.DATABASES["default"]
        media = f"the bucket {settings.AWS_STORAGE_BUCKET_NAME}" if settings.AWS_STORAGE_BUCKET_NAME else settings.MEDIA_ROOT
        if options["interactive"] and sys.stdin.isatty():
            answer = input(
                f"This replaces the database {database['NAME']} and the media files in {media} with the backup "
                f"in {options['folder']}. Type 'yes' to go on: "
            )
            if answer != "yes":
                raise CommandError("Restore cancelled.")
        try:
            restore_backup(options["folder"], database=database, media_root=settings.MEDIA_ROOT, bucket=media_bucket())
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Restored {options['folder']}"))
