"""A coordinator downloads the file of their draft publication from its draft view; a visitor who has the
address gets nothing (inducult/file_access.py)."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect
from wagtail.models import Collection

from partners.services import add_coordinator
from publications.models import PublicationFile
from tests.core.factories import PdfDocumentFactory
from tests.inducult.factories import build_site
from tests.partners.factories import PartnerIndexPageFactory, PartnerPageFactory
from tests.publications.factories import PublicationPageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_downloads_their_drafts_file_and_a_visitor_gets_a_404(live_server, browser):
    home = build_site()
    zwickau = PartnerPageFactory(parent=PartnerIndexPageFactory(parent=home), title="District of Zwickau", slug="zwickau")
    coordinator = get_user_model().objects.create_user("coordinator", password="pw")
    add_coordinator(user=coordinator, partner_page=zwickau)
    draft = PublicationPageFactory(parent=zwickau, title="Draft strategy", slug="draft-strategy", live=False)
    document = PdfDocumentFactory(collection=Collection.objects.get(name=zwickau.display_name), uploaded_by_user=coordinator)
    PublicationFile.objects.create(publication=draft, language="en", document=document)

    editor = browser.new_page()
    editor.goto(f"{live_server.url}/admin/login/")
    editor.fill("#id_username", "coordinator")
    editor.fill("#id_password", "pw")
    editor.get_by_role("button", name=re.compile("Sign in|Log in", re.I)).click()
    expect(editor).to_have_url(re.compile(r"/admin/$"))
    editor.goto(f"{live_server.url}/admin/pages/{draft.pk}/view_draft/")
    expect(editor.get_by_role("heading", level=1)).to_have_text("Draft strategy")
    with editor.expect_download() as download_info:
        editor.locator(".file a").first.click()
    with open(download_info.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    visitor = browser.new_page()
    response = visitor.goto(f"{live_server.url}{document.url}")
    assert response.status == 404
    expect(visitor.get_by_role("heading", level=1)).to_be_visible()
