"""Admin addresses that nothing on this site uses are switched off, with a clear answer and never a 500.

wagtail-modeltranslation's `…/edit/copy_translation_content/` (its "Copy content from" buttons) answered
odd requests with a 500 and rendered any page for any admin user; it is switched off (inducult.wagtail_hooks).
"""

import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import resolve

from partners.services import add_coordinator
from tests.partners.factories import PartnerIndexPageFactory, PartnerPageFactory
from translations.roles import add_translator

pytestmark = pytest.mark.django_db

XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


def copy_url(page_id):
    return f"/admin/pages/{page_id}/edit/copy_translation_content/"


# What the package's script posted for a copy from English into German.
COPY_REQUEST = {
    "origin_field_name": "description_en",
    "target_field_name": "description_de",
    "serializedOriginField": json.dumps([{"name": "description_en-count", "value": "0"}]),
}


@pytest.fixture
def partners(home_page):
    index = PartnerIndexPageFactory(parent=home_page)
    own = PartnerPageFactory(parent=index, slug="own", short_name="OWN")
    other = PartnerPageFactory(parent=index, slug="other", short_name="OTHER")
    User = get_user_model()
    coordinator = User.objects.create_user("coordinator", password="pw")
    add_coordinator(user=coordinator, partner_page=own)
    translator = User.objects.create_user("translator", password="pw")
    add_translator(user=translator, language="de")
    admin = User.objects.create_superuser("admin", "admin@example.org", "pw")
    return {"own": own, "other": other, "coordinator": coordinator, "translator": translator, "admin": admin}


def test_the_address_is_taken_from_the_package(partners):
    assert resolve(copy_url(partners["own"].pk)).url_name == "core_copy_translation_content_switched_off"


def test_every_editor_gets_410_gone_and_nothing_rendered(client, partners):
    for role in ("admin", "coordinator", "translator"):
        client.force_login(partners[role])
        for page in (partners["own"], partners["other"]):
            response = client.post(copy_url(page.pk), COPY_REQUEST, **XHR)
            assert response.status_code == 410, role
            assert response.content.decode() == "Copying content between languages is switched off on this site."


def test_anonymous_requests_get_the_login_or_a_403(client, partners):
    for method in (client.get, client.post):
        response = method(copy_url(partners["own"].pk), COPY_REQUEST)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
        # What the package's script sent: Wagtail answers a signed-out XMLHttpRequest with a 403.
        assert method(copy_url(partners["own"].pk), COPY_REQUEST, **XHR).status_code == 403


def test_odd_requests_get_a_clear_answer_never_a_500(client, partners):
    """Each of these was a 500 from the package's view (an inline panel's button posted `contact_people`)."""
    client.raise_request_exception = False
    client.force_login(partners["admin"])
    own = copy_url(partners["own"].pk)
    cases = {
        "GET": (client.get, own, {}, {}),
        "unknown page": (client.post, copy_url(999999), COPY_REQUEST, XHR),
        "not from the editor's script": (client.post, own, COPY_REQUEST, {}),
        "no parameters": (client.post, own, {}, XHR),
        "content not JSON": (client.post, own, {**COPY_REQUEST, "serializedOriginField": "[{"}, XHR),
        "not a StreamField": (
            client.post,
            own,
            {**COPY_REQUEST, "origin_field_name": "town_en", "target_field_name": "town_de"},
            XHR,
        ),
        "inline panel's button": (
            client.post,
            own,
            {**COPY_REQUEST, "origin_field_name": "contact_en", "target_field_name": "contact_people"},
            XHR,
        ),
    }
    answers = {name: method(url, data, **headers).status_code for name, (method, url, data, headers) in cases.items()}
    assert answers == dict.fromkeys(cases, 410)
    # Not even the address's shape: Wagtail's admin answers as for any unknown address (via /en/admin/…).
    response = client.post("/admin/pages/abc/edit/copy_translation_content/", COPY_REQUEST, follow=True, **XHR)
    assert response.status_code == 404
