"""Wagtail's user bar on public pages: for signed-in editors only, and never in a page cached for visitors."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.inducult.factories import StandardPageFactory

pytestmark = pytest.mark.django_db

USERBAR = "<wagtail-userbar>"


@pytest.fixture
def about(home_page):
    return StandardPageFactory(parent=home_page, title="About the project", slug="about")


def test_visitors_get_no_user_bar_and_a_cached_page(client, about):
    first = client.get("/en/about/")
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/en/about/")
    assert USERBAR not in first.content.decode()
    assert "wagtailadmin/js/userbar.js" not in first.content.decode()
    assert len(queries) == 1  # from the page cache: only the content version is read
    assert again.content == first.content


def test_an_editor_gets_the_user_bar_and_visitors_never_get_the_editors_page(client, about):
    editor = client.__class__()
    editor.force_login(get_user_model().objects.create_superuser("admin", "admin@example.org", "x"))

    editor_page = editor.get("/en/about/").content.decode()
    assert USERBAR in editor_page
    assert f"/admin/pages/{about.pk}/edit/" in editor_page
    assert USERBAR not in client.get("/en/about/").content.decode()
    # Once a visitor's copy is cached, the editor still gets a page of their own.
    assert USERBAR in editor.get("/en/about/").content.decode()
