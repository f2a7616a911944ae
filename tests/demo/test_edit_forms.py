"""Every demo page, opened in the admin and saved without a change by each person who may edit it, keeps its
content exactly: nothing a form holds (streams, inline children, choosers, rich text, every language) is lost
or altered on the way through the form. It also shows that the tests' form builder posts what the real
form holds, for every page type."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import Page

from demo.loader import DEMO_MANAGER_USERNAME
from partners.models import PartnerPage
from tests.admin_forms import edit_form_data
from tests.demo.site import load_demo_site

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

# Revision bookkeeping that a save changes by design.
BOOKKEEPING = {
    "latest_revision",
    "latest_revision_created_at",
    "live_revision",
    "has_unpublished_changes",
    "draft_title",
    "locked",
    "locked_at",
    "locked_by",
    "comments",
}


def content(page):
    """What the latest revision of `page` holds, without the revision's own bookkeeping. StreamFields are
    compared as data: PostgreSQL's jsonb gives their JSON back with its keys in another order."""
    data = page.specific.get_latest_revision_as_object().serializable_data()
    return {key: as_data(value) for key, value in data.items() if key not in BOOKKEEPING}


def as_data(value):
    if isinstance(value, str) and value.startswith("[{"):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def editors_of(page, partners):
    """The demo accounts that may edit `page`: the manager, its partner's coordinator, the translators."""
    usernames = [DEMO_MANAGER_USERNAME, "translator-de", "translator-cs"]
    usernames += [f"coordinator-{partner.slug_en}" for partner in partners if page.path.startswith(partner.path)]
    return get_user_model().objects.filter(username__in=usernames)


def test_every_demo_page_saved_unchanged_by_each_of_its_editors_keeps_its_content(client):
    load_demo_site()
    partners = list(PartnerPage.objects.all())
    pages = list(Page.objects.filter(depth__gt=1).order_by("path").specific())
    assert len(pages) > 20
    failures = []
    for page in pages:
        for user in editors_of(page, partners):
            before = content(page)
            client.force_login(user)
            response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), edit_form_data(page, user))
            if response.status_code != 302:
                form = response.context and response.context.get("form")
                errors = form.errors.as_data() if form else response.status_code
                failures.append(f"{user.username} on {page.title} ({type(page).__name__}): {errors}")
                continue
            after = content(page)
            changed = sorted(key for key in before.keys() | after.keys() if before.get(key) != after.get(key))
            if changed:
                failures.append(f"{user.username} on {page.title} ({type(page).__name__}) changed {changed}")
    assert not failures, "\n".join(failures)
