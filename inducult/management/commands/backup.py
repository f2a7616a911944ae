import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from inducult.backups import BackupError, create_backup, media_bucket


class Command(BaseCommand):
    help = "Write the database and the media files to a new dated folder below BACKUP_DIR (default: backups/)."

    def add_arguments(self, parser):
        parser.add_argument("--to", help="The folder that holds the backups; default BACKUP_DIR or backups/ in the checkout.")

    def handle(self, *args, **options):
        backup_root = options["to"] or os.environ.get("BACKUP_DIR") or settings.BASE_DIR / "backups"
        try:
            folder = create_backup(
                database=settings.DATABASES["default"],
                media_root=settings.MEDIA_ROOT,
                bucket=media_bucket(),
                backup_root=backup_root,
            )
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Backup written to {folder}"))
