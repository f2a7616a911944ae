from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from translations import units as u
from translations.exchange import export_xliff, pages_in_tree_order


class Command(BaseCommand):
    help = (
        "Export one language's missing and outdated texts (of one page or of the whole site) as an XLIFF 1.2 file: "
        "the published version of each page, unless --drafts."
    )

    def add_arguments(self, parser):
        parser.add_argument("language", help="The language to translate into, for example de.")
        parser.add_argument("--page", type=int, help="Only this page (its id); the whole site without it.")
        parser.add_argument("--output", help="Where to write the file; standard output without it.")
        parser.add_argument(
            "--drafts",
            action="store_true",
            help=(
                "Export the latest draft of every page, published or not, including changes nobody approved yet "
                "(for communication managers). Without it, pages that were never published are left out."
            ),
        )

    def handle(self, *args, language, page=None, output=None, drafts=False, **options):
        if language not in u.target_languages():
            raise CommandError(f"Unknown translation language {language!r}; choose one of {', '.join(u.target_languages())}.")
        pages = pages_in_tree_order()
        if page is not None:
            pages = pages.filter(pk=page)
            if not pages.exists():
                raise CommandError(f"There is no page with the id {page}.")
        data, count = export_xliff(pages=pages, language=language, drafts=drafts)
        version = "latest drafts" if drafts else "published versions"
        if output:
            try:
                Path(output).write_bytes(data)
            except OSError as error:
                raise CommandError(f"Cannot write {output}: {error.strerror or error}") from None
            self.stderr.write(f"{count} texts to translate ({version}) written to {output}.")
        else:
            self.stdout.write(data.decode())
