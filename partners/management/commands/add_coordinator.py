from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from partners.models import PartnerPage
from partners.services import add_coordinator


class Command(BaseCommand):
    help = "Make a user a coordinator of a partner: they may edit the partner's pages and submit them for approval."

    def add_arguments(self, parser):
        parser.add_argument("username", help="An existing user's username.")
        parser.add_argument("partner", help="The partner's short name (e.g. 'KSMAS KK') or English slug.")

    def handle(self, *args, username, partner, **options):
        User = get_user_model()
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(f"No user named {username!r}.") from None
        matches = PartnerPage.objects.filter(short_name__iexact=partner) | PartnerPage.objects.filter(slug_en=partner)
        partner_page = matches.first()
        if partner_page is None:
            known = ", ".join(PartnerPage.objects.order_by("short_name").values_list("short_name", flat=True))
            raise CommandError(f"No partner {partner!r}. Known short names: {known}")
        group = add_coordinator(user=user, partner_page=partner_page)
        self.stdout.write(self.style.SUCCESS(f"{username} is now in {group.name!r}."))
