"""Files follow their pages: who gets a document at /documents/<id>/<name>, with which headers, and which
uploads /media/ serves at all (inducult/file_access.py)."""

import re

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.documents.models import Document
from wagtail.models import Collection, GroupPagePermission, PageViewRestriction

from core.file_access import media_urlpatterns
from inducult.urls import urlpatterns as site_urlpatterns
from partners.services import add_communication_manager, add_coordinator
from publications.models import PublicationFile
from tests.core.factories import PdfDocumentFactory, pdf_bytes
from tests.inducult.factories import StandardPageFactory
from tests.partners.factories import PartnerIndexPageFactory, PartnerPageFactory
from tests.publications.factories import PublicationIndexPageFactory, PublicationPageFactory

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n"

# The site's addresses with the development server's /media/ (only under DEBUG in inducult/urls.py), for the
# tests at the end.
urlpatterns = media_urlpatterns() + site_urlpatterns


def download(client, document, **headers):
    response = client.get(document.url, **headers)
    if response.status_code == 200:
        response.body = b"".join(response.streaming_content)
    return response


def link_to(document):
    return f'<p>Read <a linktype="document" id="{document.pk}">the brochure</a>.</p>'


def publish(page, user=None):
    page.save_revision(user=user).publish(user=user)
    page.refresh_from_db()
    return page


@pytest.fixture
def partners(home_page):
    return PartnerIndexPageFactory(parent=home_page)


@pytest.fixture
def zwickau(partners):
    return PartnerPageFactory(parent=partners, title="District of Zwickau", slug="zwickau", short_name="Zwickau")


@pytest.fixture
def leoben(partners):
    return PartnerPageFactory(parent=partners, title="Municipality of Leoben", slug="leoben", short_name="Leoben")


@pytest.fixture
def library(home_page):
    return PublicationIndexPageFactory(parent=home_page)


def publication_with_file(parent, *, live=True, slug="strategy", document=None):
    publication = PublicationPageFactory(parent=parent, title="Transnational strategy", slug=slug, live=live)
    document = document or PdfDocumentFactory()
    PublicationFile.objects.create(publication=publication, language="en", document=document)
    return publication, document


def coordinator_of(partner, django_user_model, name):
    user = django_user_model.objects.create_user(name, password="pw")
    add_coordinator(user=user, partner_page=partner)
    return user


def collection_of(partner):
    return Collection.objects.get(name=partner.display_name)


# Anonymous visitors.


def test_a_public_publications_file_is_served_to_anyone(client, library):
    publication, document = publication_with_file(library)
    page = client.get("/en/publications/strategy/").content.decode()
    assert document.url in page

    response = download(client, document)
    assert response.status_code == 200
    assert response.body.startswith(b"%PDF-")


def test_a_drafts_file_is_a_404_for_visitors(client, library):
    _draft, document = publication_with_file(library, live=False)
    assert client.get(document.url).status_code == 404


def test_a_password_protected_pages_file_is_a_404_until_the_visitor_enters_the_password(client, library):
    publication, document = publication_with_file(library)
    restriction = PageViewRestriction.objects.create(page=publication, restriction_type="password", password="industry")
    assert client.get(document.url).status_code == 404

    form = client.get("/en/publications/strategy/").content.decode()
    action = re.search(r'<form[^>]*action="([^"]+)"', form).group(1)
    assert f"/{restriction.pk}/" in action
    client.post(action, {"password": "industry", "return_url": "/en/publications/strategy/"})
    assert document.url in client.get("/en/publications/strategy/").content.decode()
    response = download(client, document)
    assert response.status_code == 200
    # Only this visitor has entered the password: no shared cache may keep the file for the next one.
    assert response["Cache-Control"] == "private, no-cache"
    assert "Cookie" in response["Vary"]


def test_a_restriction_on_an_ancestor_covers_the_files_of_the_pages_below(client, zwickau):
    _publication, document = publication_with_file(zwickau)
    assert download(client, document).status_code == 200
    PageViewRestriction.objects.create(page=zwickau, restriction_type="login")
    assert client.get(document.url).status_code == 404


def test_one_public_page_using_a_document_is_enough(client, library, zwickau):
    _draft, document = publication_with_file(library, live=False)
    publication_with_file(zwickau, document=document)  # a live one elsewhere uses the same document
    assert download(client, document).status_code == 200


def test_documents_linked_from_rich_text_and_blocks_in_any_language_follow_their_pages(client, home_page, library):
    in_abstract, in_block, unused = PdfDocumentFactory(), PdfDocumentFactory(), PdfDocumentFactory()
    PublicationPageFactory(parent=library, slug="report", abstract_de=link_to(in_abstract))
    about = StandardPageFactory(parent=home_page, slug="about", live=False, body=[("paragraph", link_to(in_block))])
    assert client.get(in_abstract.url).status_code == 200
    assert client.get(in_block.url).status_code == 404  # only a draft links it
    assert client.get(unused.url).status_code == 404

    publish(about)
    assert client.get(in_block.url).status_code == 200
    about.unpublish()
    assert client.get(in_block.url).status_code == 404


def test_a_file_taken_off_a_published_publication_is_no_longer_served(client, library):
    publication, document = publication_with_file(library)
    assert client.get(document.url).status_code == 200
    publication.files.clear()
    publish(publication)
    assert client.get(document.url).status_code == 404


# Editors.


def test_coordinators_get_their_partners_draft_files_but_never_another_partners(client, zwickau, leoben, django_user_model):
    zwickau_coordinator = coordinator_of(zwickau, django_user_model, "coordinator-zwickau")
    coordinator_of(leoben, django_user_model, "coordinator-leoben")
    ours = PdfDocumentFactory(collection=collection_of(zwickau), uploaded_by_user=zwickau_coordinator)
    theirs = PdfDocumentFactory(collection=collection_of(leoben))
    publication_with_file(leoben, live=False, slug="their-draft", document=theirs)
    # Zwickau's own draft uses both: its own upload, and Leoben's document through a link written by hand.
    draft, _document = publication_with_file(zwickau, live=False, slug="our-draft", document=ours)
    draft.abstract = link_to(theirs)
    draft.owner = zwickau_coordinator
    draft.save()

    client.force_login(zwickau_coordinator)
    response = download(client, ours)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-cache"
    assert client.get(theirs.url).status_code == 404

    client.logout()
    assert client.get(ours.url).status_code == 404  # what an editor got is not kept for visitors


def test_communication_managers_get_every_draft_file(client, home_page, zwickau, django_user_model):
    manager = django_user_model.objects.create_user("communication-manager", password="pw")
    add_communication_manager(user=manager, site_root=home_page)
    coordinator_of(zwickau, django_user_model, "coordinator-zwickau")
    _draft, document = publication_with_file(zwickau, live=False, document=PdfDocumentFactory(collection=collection_of(zwickau)))
    client.force_login(manager)
    assert download(client, document).status_code == 200


def test_editors_of_a_protected_page_get_its_files_without_the_password(client, zwickau, django_user_model):
    coordinator = coordinator_of(zwickau, django_user_model, "coordinator-zwickau")
    publication, document = publication_with_file(zwickau)  # in the root collection: not the coordinator's
    PageViewRestriction.objects.create(page=zwickau, restriction_type="password", password="industry")
    outsider = django_user_model.objects.create_user("outsider", password="pw")
    outsider.groups.add(Group.objects.get_or_create(name="Readers")[0])

    client.force_login(outsider)
    assert client.get(document.url).status_code == 404
    client.force_login(coordinator)
    assert download(client, document).status_code == 200


# Headers, caching, cost.


def test_document_responses_keep_the_safe_headers_and_go_out_as_stored(client, library):
    _publication, document = publication_with_file(library)
    response = download(client, document, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith(f'filename="{document.filename}"')
    # No "Content-Encoding: None", and no gzip either: the PDF arrives byte for byte, with its length.
    assert "Content-Encoding" not in response
    assert int(response["Content-Length"]) == len(response.body) == document.file.size
    assert response.body.startswith(b"%PDF-")
    # Anyone may have it, but caches ask again before reusing it: the page may be unpublished by then.
    assert response["Cache-Control"] == "no-cache"


def test_every_document_gets_its_own_etag_and_a_repeated_request_costs_no_download(client, library):
    first, document = publication_with_file(library)
    _second, other = publication_with_file(library, slug="other", document=PdfDocumentFactory(file__data=pdf_bytes("Other")))
    Document.objects.filter(pk__in=[document.pk, other.pk]).update(file_hash="")  # as the demo loader leaves them
    etag = client.get(document.url)["ETag"]
    assert etag not in ('""', "") and etag != client.get(other.url)["ETag"]
    assert client.get(document.url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    first.unpublish()
    assert client.get(document.url, HTTP_IF_NONE_MATCH=etag).status_code == 404


@pytest.mark.parametrize("who", ["visitor", "editor"])
def test_checking_who_may_have_a_document_costs_the_same_however_many_pages_use_it(client, library, django_user_model, who):
    if who == "editor":
        # Every check runs: no public page, a password not entered, the editor's page rights.
        PageViewRestriction.objects.create(page=library, restriction_type="password", password="industry")
        editors = Group.objects.create(name="Library editors")
        GroupPagePermission.objects.create(group=editors, page=library, permission=Permission.objects.get(codename="change_page"))
        editor = django_user_model.objects.create_user("editor", password="pw")
        editor.groups.add(editors)
        client.force_login(editor)

    def queries_for_document_used_by(count):
        document = PdfDocumentFactory()
        document.get_file_hash()
        for number in range(count):
            publication_with_file(library, slug=f"p{count}-{number}", document=document)
        assert client.get(document.url).status_code == 200  # and fills the cached site roots
        with CaptureQueriesContext(connection) as queries:
            assert client.get(document.url).status_code == 200
        return len(queries)

    assert queries_for_document_used_by(1) == queries_for_document_used_by(20)


# /media/ on the development server (the proxy's rule in production: README, Security).


@pytest.fixture
def uploads(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    for name, content in (
        ("images/map.fill-300x200.png", PNG),
        ("original_images/map.png", PNG),
        ("documents/draft-strategy.pdf", b"%PDF-1.4"),
        ("wagtail_uploads/upload.png", PNG),
    ):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_bytes(content)
    return tmp_path


@pytest.mark.urls(__name__)
def test_media_serves_image_renditions_only(client, uploads):
    assert client.get(f"{django_settings.MEDIA_URL}images/map.fill-300x200.png").status_code == 200
    for path in (
        "original_images/map.png",
        "documents/draft-strategy.pdf",
        "wagtail_uploads/upload.png",
        "images/../original_images/map.png",
        "images/%2e%2e/documents/draft-strategy.pdf",
    ):
        assert client.get(f"{django_settings.MEDIA_URL}{path}").status_code in (400, 404), path
