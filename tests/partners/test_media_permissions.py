"""Each partner's images and documents are its own: a coordinator lists, chooses and reads in the admin only
those of their partner's collection and of the shared “Common” collection, and a page form that names any
other is refused with a form error."""

import pytest
import wagtail_factories
from django.contrib.auth import get_user_model
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection, GroupCollectionPermission, Revision
from wagtail.test.utils.form_data import inline_formset, rich_text, streamfield

from demo.loader import load_common_collection
from partners.media_access import COMMON_COLLECTION, may_use_document, may_use_image
from partners.services import add_communication_manager, add_coordinator, set_up_partner
from publications.models import PublicationFile
from tests.admin_forms import edit_form_data
from tests.core.factories import PdfDocumentFactory, pdf_bytes
from tests.inducult.factories import StandardPageFactory
from tests.partners.factories import PartnerIndexPageFactory, PartnerPageFactory
from tests.publications.factories import PublicationPageFactory

pytestmark = pytest.mark.django_db

SIDES = ("own", "other", "common")


@pytest.fixture
def media(home_page):
    """Two partners with a publication and a page each, an image and a document in each partner's collection
    and in the “Common” one, a coordinator of the first partner and a communication manager."""

    User = get_user_model()
    index = PartnerIndexPageFactory(parent=home_page)
    coordinator = User.objects.create_user("coordinator", password="pw")
    manager = User.objects.create_user("manager", password="pw")
    add_communication_manager(user=manager, site_root=home_page)
    found = {"coordinator": coordinator, "manager": manager}
    for side in ("own", "other"):
        partner = PartnerPageFactory(parent=index, title=f"{side} partner", short_name=side.upper(), slug=f"{side}-partner")
        if side == "own":
            add_coordinator(user=coordinator, partner_page=partner)
        else:
            set_up_partner(partner_page=partner)
        found[f"{side} partner"] = partner
        found[f"{side} publication"] = PublicationPageFactory(parent=partner, title=f"{side} strategy", slug=f"{side}-strategy")
        found[f"{side} page"] = StandardPageFactory(parent=partner, title=f"{side} report", slug=f"{side}-report")
    for side in SIDES:
        name = COMMON_COLLECTION if side == "common" else found[f"{side} partner"].display_name
        collection = Collection.objects.get(name=name)
        found[f"{side} image"] = wagtail_factories.ImageFactory(title=f"{side} photo", collection=collection)
        found[f"{side} document"] = PdfDocumentFactory(title=f"{side} leaflet", collection=collection)
    return found


def visible_titles(response):
    content = response.content.decode()
    return {side for side in SIDES if f"{side} photo" in content or f"{side} leaflet" in content}


# The rule itself, which the public document view also asks for editors.


def test_may_use_own_and_common_media_only(media):
    coordinator, manager = media["coordinator"], media["manager"]
    for side in SIDES:
        assert may_use_image(coordinator, media[f"{side} image"]) is (side != "other"), side
        assert may_use_document(coordinator, media[f"{side} document"]) is (side != "other"), side
        assert may_use_image(manager, media[f"{side} image"]) is True
        assert may_use_document(manager, media[f"{side} document"]) is True
    from django.contrib.auth.models import AnonymousUser

    assert may_use_document(AnonymousUser(), media["common document"]) is False
    assert may_use_document(None, media["own document"]) is False


def test_the_common_collection_is_for_every_coordinator_to_use_and_for_the_managers_to_fill(client, media):
    common = Collection.objects.get(name=COMMON_COLLECTION)
    assert common.get_parent() == Collection.get_first_root_node()
    coordinators = GroupCollectionPermission.objects.filter(collection=common, group__name__startswith="Coordinators")
    assert sorted(coordinators.values_list("permission__codename", flat=True)) == sorted(["choose_document", "choose_image"] * 2)
    # Setting a partner up again adds nothing twice.
    set_up_partner(partner_page=media["own partner"])
    assert coordinators.count() == 4

    # A coordinator's upload form offers their own collection only; a forged upload into "Common" is refused.
    client.force_login(media["coordinator"])
    response = client.get("/admin/documents/add/")
    assert f'<option value="{common.pk}"' not in response.content.decode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("forged.pdf", pdf_bytes(), content_type="application/pdf")
    client.post("/admin/documents/add/", {"title": "Forged upload", "collection": common.pk, "file": upload})
    assert not Document.objects.filter(title="Forged upload", collection=common).exists()

    # The communication managers fill it.
    client.force_login(media["manager"])
    upload = SimpleUploadedFile("shared.pdf", pdf_bytes(), content_type="application/pdf")
    response = client.post("/admin/documents/add/", {"title": "Shared leaflet", "collection": common.pk, "file": upload})
    assert response.status_code == 302
    assert Document.objects.filter(title="Shared leaflet", collection=common).exists()


# The admin API, the choosers and the listings.


@pytest.mark.parametrize("kind", ["images", "documents"])
def test_admin_api_lists_finds_and_shows_only_own_and_common_media(client, media, kind):
    singular = kind[:-1]
    client.force_login(media["coordinator"])
    listing = client.get(f"/admin/api/main/{kind}/")
    assert listing.status_code == 200
    titles = {item["title"] for item in listing.json()["items"]}
    assert titles == {f"own {'photo' if kind == 'images' else 'leaflet'}", f"common {'photo' if kind == 'images' else 'leaflet'}"}
    for side in SIDES:
        item = media[f"{side} {singular}"]
        detail = client.get(f"/admin/api/main/{kind}/{item.pk}/")
        found = client.get(f"/admin/api/main/{kind}/find/?id={item.pk}")
        searched = client.get(f"/admin/api/main/{kind}/", {"search": item.title})
        if side == "other":
            assert detail.status_code != 200 and item.title not in detail.content.decode()
            assert found.status_code != 200 or item.title not in found.content.decode()
            assert item.pk not in [entry["id"] for entry in searched.json()["items"]]
        else:
            assert detail.status_code == 200 and detail.json()["title"] == item.title
            assert item.pk in [entry["id"] for entry in searched.json()["items"]]

    # The control: a communication manager's API shows every collection.
    client.force_login(media["manager"])
    assert len(client.get(f"/admin/api/main/{kind}/").json()["items"]) == 3
    assert client.get(f"/admin/api/main/{kind}/{media[f'other {singular}'].pk}/").status_code == 200


@pytest.mark.parametrize("kind", ["images", "documents"])
def test_choosers_offer_own_and_common_media_only(client, media, kind):
    singular = kind[:-1]
    client.force_login(media["coordinator"])
    chooser = client.get(f"/admin/{kind}/chooser/")
    assert visible_titles(chooser) == {"own", "common"}
    other = media[f"other {singular}"]
    search = client.get(f"/admin/{kind}/chooser/results/", {"q": other.title})
    assert search.status_code == 200
    assert f"/chooser/chosen/{other.pk}/" not in search.content.decode()
    own = media[f"own {singular}"]
    assert f"/chooser/chosen/{own.pk}/" in client.get(f"/admin/{kind}/chooser/results/", {"q": own.title}).content.decode()
    chosen = client.get(f"/admin/{kind}/chooser/chosen/{other.pk}/")
    assert other.title not in chosen.content.decode()
    chosen_multiple = client.get(f"/admin/{kind}/chooser/chosen-multiple/", {"id": [other.pk]})
    assert other.title not in chosen_multiple.content.decode()
    # Their own collection's listing, for changing what they uploaded.
    assert visible_titles(client.get(f"/admin/{kind}/")) == {"own"}
    usage = client.get(f"/admin/{kind}/usage/{other.pk}/")
    assert other.title not in usage.content.decode()

    client.force_login(media["manager"])
    assert visible_titles(client.get(f"/admin/{kind}/chooser/")) == set(SIDES)


# Forged chooser posts: whatever id a post names, the server keeps to the rule.


def latest(page):
    """The page as its latest revision has it."""
    return type(page).objects.get(pk=page.pk).get_latest_revision_as_object()


def revisions_of(page):
    return Revision.objects.filter(object_id=str(page.pk)).count()


def post_and_count(client, page, data):
    before = revisions_of(page)
    response = client.post(f"/admin/pages/{page.pk}/edit/", data)
    return response, revisions_of(page) - before


@pytest.mark.parametrize("side", SIDES)
def test_a_publication_file_must_be_an_own_or_common_document(client, media, side):
    publication = media["own publication"]
    client.force_login(media["coordinator"])
    data = edit_form_data(publication, files=inline_formset([{"language": "en", "document": str(media[f"{side} document"].pk)}]))
    response, new_revisions = post_and_count(client, publication, data)
    if side == "other":
        assert response.status_code == 200
        assert "Choose a document from your partner&#x27;s collection" in response.content.decode()
        assert new_revisions == 0
    else:
        assert response.status_code == 302, response.content.decode()[:2000]
        assert new_revisions == 1
        draft = latest(publication)
        assert [file.document_id for file in draft.files.all()] == [media[f"{side} document"].pk]


@pytest.mark.parametrize("side", SIDES)
def test_a_cover_image_and_a_partner_logo_must_be_own_or_common_images(client, media, side):
    image = media[f"{side} image"]
    publication, partner = media["own publication"], media["own partner"]
    client.force_login(media["coordinator"])
    for page, data in (
        (publication, edit_form_data(publication, cover_image=str(image.pk))),
        (partner, edit_form_data(partner, logo=str(image.pk))),
    ):
        response, new_revisions = post_and_count(client, page, data)
        if side == "other":
            assert response.status_code == 200
            assert "Choose an image from your partner&#x27;s collection" in response.content.decode()
            assert new_revisions == 0, page.title
        else:
            assert response.status_code == 302, (page.title, response.content.decode()[:2000])
            assert new_revisions == 1


def image_block(image):
    return ("image", {"image": str(image.pk), "alt_text": "", "caption": ""})


def paragraph_linking(document):
    return ("paragraph", rich_text(f'<p>Read <a linktype="document" id="{document.pk}">the leaflet</a>.</p>'))


@pytest.mark.parametrize("side", SIDES)
def test_stream_field_image_blocks_and_rich_text_document_links_must_use_own_or_common_media(client, media, side):
    page = media["own page"]
    image, document = media[f"{side} image"], media[f"{side} document"]
    client.force_login(media["coordinator"])
    cases = {
        "image block": edit_form_data(page, body_en=streamfield([image_block(image)])),
        "document link in a paragraph block": edit_form_data(page, body_de=streamfield([paragraph_linking(document)])),
    }
    for case, data in cases.items():
        response, new_revisions = post_and_count(client, page, data)
        if side == "other":
            assert response.status_code == 200, case
            assert "not in your partner&#x27;s collection" in response.content.decode(), case
            assert new_revisions == 0, case
        else:
            assert response.status_code == 302, (case, response.content.decode()[:2000])
            assert new_revisions == 1, case


@pytest.mark.parametrize("side", SIDES)
def test_rich_text_fields_must_link_own_or_common_documents(client, media, side):
    publication = media["own publication"]
    document = media[f"{side} document"]
    client.force_login(media["coordinator"])
    html = f'<p>See <a linktype="document" id="{document.pk}">the leaflet</a>.</p>'
    response, new_revisions = post_and_count(client, publication, edit_form_data(publication, abstract_en=rich_text(html)))
    if side == "other":
        assert response.status_code == 200
        assert "This text links to a document" in response.content.decode()
        assert new_revisions == 0
    else:
        assert response.status_code == 302
        assert new_revisions == 1


def test_the_stream_field_error_points_at_the_block_that_uses_it(client, media):
    page = media["own page"]
    client.force_login(media["coordinator"])
    body = streamfield([image_block(media["own image"]), image_block(media["other image"])])
    response, _new = post_and_count(client, page, edit_form_data(page, body_en=body))
    errors = response.context["form"].errors["body_en"].as_data()[0]
    assert set(errors.block_errors) == {1}
    assert set(errors.block_errors[1].block_errors) == {"image"}


def test_media_the_page_already_has_stay_when_a_coordinator_saves_it(client, media):
    """A communication manager may give a partner's page another collection's image or document; the
    coordinator can still save the page without being asked to remove it."""
    publication = media["own publication"]
    other_document, other_image = media["other document"], media["other image"]
    publication.cover_image = other_image

    publication.files = [PublicationFile(language="en", document=other_document)]
    publication.abstract_en = f'<p>See <a linktype="document" id="{other_document.pk}">the leaflet</a>.</p>'
    publication.save_revision().publish()
    saved = latest(publication)

    client.force_login(media["coordinator"])
    file = saved.files.first()
    data = edit_form_data(
        saved,
        cover_image=str(other_image.pk),
        title_en="Strategy, revised",
        files=inline_formset([{"id": str(file.pk), "language": "en", "document": str(other_document.pk)}], initial=1),
    )
    response, new_revisions = post_and_count(client, publication, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert new_revisions == 1
    draft = latest(publication)
    assert draft.title_en == "Strategy, revised"
    assert draft.cover_image_id == other_image.pk
    assert [file.document_id for file in draft.files.all()] == [other_document.pk]


def test_a_communication_manager_may_choose_from_every_collection(client, media):
    publication = media["own publication"]
    client.force_login(media["manager"])
    data = edit_form_data(
        publication,
        cover_image=str(media["other image"].pk),
        files=inline_formset([{"language": "en", "document": str(media["other document"].pk)}]),
    )
    response, new_revisions = post_and_count(client, publication, data)
    assert response.status_code == 302
    assert new_revisions == 1


def test_a_forged_id_that_names_no_document_is_a_form_error(client, media):
    publication = media["own publication"]
    client.force_login(media["coordinator"])
    missing = Document.objects.order_by("-pk").first().pk + 100
    html = f'<p><a linktype="document" id="{missing}">Gone</a></p>'
    for data in (
        edit_form_data(publication, files=inline_formset([{"language": "en", "document": str(missing)}])),
        edit_form_data(publication, abstract_en=rich_text(html)),
        edit_form_data(publication, cover_image=str(Image.objects.order_by("-pk").first().pk + 100)),
    ):
        response, new_revisions = post_and_count(client, publication, data)
        assert response.status_code == 200
        assert new_revisions == 0


def test_the_demo_loader_gives_partners_set_up_before_it_the_common_collection(media):

    # A database from before the “Common” collection: no collection, no right to use it.
    Document.objects.filter(collection__name=COMMON_COLLECTION).delete()
    Image.objects.filter(collection__name=COMMON_COLLECTION).delete()
    Collection.objects.get(name=COMMON_COLLECTION).delete()
    assert not GroupCollectionPermission.objects.filter(collection__name=COMMON_COLLECTION).exists()
    assert load_common_collection() is True
    common = Collection.objects.get(name=COMMON_COLLECTION)
    shared = PdfDocumentFactory(title="Shared leaflet", collection=common)
    assert may_use_document(media["coordinator"], shared) is True
    assert load_common_collection() is False


def test_migrating_an_existing_site_gives_every_coordinator_the_common_collection(media):
    """A site deployed before the “Common” collection gets it, and its partners the right to use it, with the
    next `migrate` of its deploy: nothing else to run."""
    from django.core.management import call_command

    Document.objects.filter(collection__name=COMMON_COLLECTION).delete()
    Image.objects.filter(collection__name=COMMON_COLLECTION).delete()
    Collection.objects.get(name=COMMON_COLLECTION).delete()
    call_command("migrate", interactive=False, verbosity=0)
    common = Collection.objects.get(name=COMMON_COLLECTION)
    shared = PdfDocumentFactory(title="Shared leaflet", collection=common)
    assert may_use_document(media["coordinator"], shared) is True
    assert may_use_document(media["coordinator"], media["other document"]) is False


def test_a_draft_with_an_image_block_and_a_paragraph_left_empty_still_saves(client, media):
    """Drafts defer required fields (Wagtail 8): the media check meets blocks without image or text."""
    page = media["own page"]
    client.force_login(media["coordinator"])
    body = streamfield([("image", {"image": "", "alt_text": "", "caption": ""}), ("paragraph", rich_text(""))])
    response, new_revisions = post_and_count(client, page, edit_form_data(page, body_en=body))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert new_revisions == 1
