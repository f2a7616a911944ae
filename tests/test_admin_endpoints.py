"""Admin addresses that the editor's scripts call: a clear 4xx for odd requests, never a 500, and only for
editors who may edit the page.

`…/edit/copy_translation_content/` serves wagtail-modeltranslation's "Copy content from" buttons
(inducult.translation_copy).
"""

import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import resolve
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from partners.services import add_coordinator
from tests.factories import PartnerIndexPageFactory, PartnerPageFactory, PublicationIndexPageFactory, PublicationPageFactory
from translations.roles import add_translator

pytestmark = pytest.mark.django_db

XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


def copy_url(page_id):
    return f"/admin/pages/{page_id}/edit/copy_translation_content/"


def serialized(field_name, blocks):
    """A StreamField's part of the edit form as the package's script sends it: jQuery's serializeArray."""
    return json.dumps(
        [{"name": name, "value": str(value)} for name, value in nested_form_data({field_name: streamfield(blocks)}).items()]
    )


def copy_request(origin="description_en", target="description_de", text="Mining heritage, told by its people"):
    return {
        "origin_field_name": origin,
        "target_field_name": target,
        "serializedOriginField": serialized(origin, [("paragraph", rich_text(f"<p>{text}</p>"))]),
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


def test_the_address_is_served_by_the_guarded_view_not_the_packages(partners):
    assert resolve(copy_url(partners["own"].pk)).url_name == "inducult_copy_translation_content"


def test_the_copy_renders_the_origin_blocks_in_the_target_language_field(client, partners):
    client.force_login(partners["admin"])
    data = copy_request()
    # The script sends every value whose name contains the origin's: another field's is ignored.
    data["serializedOriginField"] = json.dumps(
        [*json.loads(data["serializedOriginField"]), {"name": "search_description_en", "value": "Not a block"}]
    )
    response = client.post(copy_url(partners["own"].pk), data, **XHR)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    html = json.loads(response.content)
    assert 'id="description_de"' in html
    assert "Mining heritage, told by its people" in html
    assert "description_en" not in html
    assert "Not a block" not in html


def test_a_coordinator_copies_on_their_own_page_only_and_a_translator_on_any(client, partners):
    client.force_login(partners["coordinator"])
    assert client.post(copy_url(partners["own"].pk), copy_request(), **XHR).status_code == 200
    assert client.post(copy_url(partners["other"].pk), copy_request(), **XHR).status_code == 403
    client.force_login(partners["translator"])
    assert client.post(copy_url(partners["other"].pk), copy_request(), **XHR).status_code == 200


def test_anonymous_requests_get_the_login_or_a_403_and_nothing_else(client, partners):
    for method in (client.get, client.post):
        response = method(copy_url(partners["own"].pk), copy_request())
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
        # What the editor's script sends: Wagtail answers a signed-out XMLHttpRequest with a 403.
        assert method(copy_url(partners["own"].pk), copy_request(), **XHR).status_code == 403


def test_odd_requests_get_a_clear_answer_never_a_500(client, partners):
    client.raise_request_exception = False
    client.force_login(partners["admin"])
    own = partners["own"].pk
    unreadable_blocks = {
        "missing count": [{"name": "description_en-0-type", "value": "paragraph"}],
        "count not a number": [{"name": "description_en-count", "value": "many"}],
        "rich text not JSON": [
            {"name": "description_en-count", "value": "1"},
            {"name": "description_en-0-type", "value": "paragraph"},
            {"name": "description_en-0-value", "value": "{not json"},
            {"name": "description_en-0-deleted", "value": ""},
            {"name": "description_en-0-order", "value": "0"},
        ],
    }
    cases = {
        "GET": (client.get, copy_url(own), copy_request(), XHR, 405),
        "unknown page": (client.post, copy_url(999999), copy_request(), XHR, 404),
        "page id not a number": (client.post, "/admin/pages/abc/edit/copy_translation_content/", copy_request(), XHR, 404),
        "not from the editor's script": (client.post, copy_url(own), copy_request(), {}, 400),
        "no parameters": (client.post, copy_url(own), {}, XHR, 400),
        "no content": (client.post, copy_url(own), {**copy_request(), "serializedOriginField": ""}, XHR, 400),
        "content not JSON": (client.post, copy_url(own), {**copy_request(), "serializedOriginField": "[{"}, XHR, 400),
        "content not a list of fields": (
            client.post,
            copy_url(own),
            {**copy_request(), "serializedOriginField": '{"a": 1}'},
            XHR,
            400,
        ),
        "content with odd items": (
            client.post,
            copy_url(own),
            {**copy_request(), "serializedOriginField": '[{"name": 1}]'},
            XHR,
            400,
        ),
        "unknown field": (client.post, copy_url(own), copy_request("nothing_en", "nothing_de"), XHR, 400),
        "not a StreamField": (client.post, copy_url(own), copy_request("town_en", "town_de"), XHR, 400),
        # What an inline panel's button posted: "Contact people" read as field "contact", language "people".
        "inline panel's button": (client.post, copy_url(own), copy_request("contact_en", "contact_people"), XHR, 400),
        "two different fields": (client.post, copy_url(own), copy_request("description_en", "pilot_actions_de"), XHR, 400),
        "the same language": (client.post, copy_url(own), copy_request("description_en", "description_en"), XHR, 400),
        **{
            name: (
                client.post,
                copy_url(own),
                {**copy_request(), "serializedOriginField": json.dumps(items)},
                XHR,
                400,
            )
            for name, items in unreadable_blocks.items()
        },
    }
    # An unknown admin address is redirected to the language-prefixed one, which is a 404.
    answers = {
        name: method(url, data, follow=True, **headers).status_code
        for name, (method, url, data, headers, _expected) in cases.items()
    }
    assert answers == {name: expected for name, (*_request, expected) in cases.items()}


def test_a_page_type_without_translated_streamfields_has_nothing_to_copy(client, partners, home_page):
    publication = PublicationPageFactory(parent=PublicationIndexPageFactory(parent=home_page))
    client.force_login(partners["admin"])
    response = client.post(copy_url(publication.pk), copy_request("files_en", "files_de"), **XHR)
    assert response.status_code == 400
