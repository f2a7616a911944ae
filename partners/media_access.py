"""Which images and documents an editor may use: their partner's collection and the shared “Common” one.

Each partner's coordinators may choose, add and change the images and documents of their partner's
collection (see services.set_up_partner), and choose those of the “Common” collection, which only the
communication managers fill. Everything else stays out of their sight in the admin: the choosers, the
listings and the admin API show them only what they may choose, and a page form that names another image
or document is refused (partners.media_forms).

The rule is Wagtail's own collection permissions (the “choose” action), asked through the permission
policies that Wagtail registers for its image and document models, so that the chooser, the admin API and
the form checks agree with one another and with the groups' settings in the admin.
"""

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection
from wagtail.permissions import policy_registry

COMMON_COLLECTION = "Common"
# What every partner's coordinators may do in the “Common” collection: use what is there, not add to it.
COMMON_PERMISSIONS = ("choose_image", "choose_document")


def common_collection():
    """The shared “Common” collection below the root collection, created if missing."""
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=COMMON_COLLECTION).first()
    if collection is None:
        collection = root.add_child(name=COMMON_COLLECTION)
    return collection


def usable_images(user):
    """The images the user may choose for their pages (a queryset)."""
    return usable(user, get_image_model())


def usable_documents(user):
    """The documents the user may choose for their pages (a queryset)."""
    return usable(user, get_document_model())


def may_use_image(user, image):
    """Whether the user may choose this image for a page, see it in the admin and read it there."""
    return _may_use(user, image)


def may_use_document(user, document):
    """Whether the user may choose this document for a page, see it in the admin and download it there."""
    return _may_use(user, document)


def usable(user, model):
    """The instances of an image or document model that the user may choose (a queryset)."""
    return policy_registry.get_by_type(model).instances_user_has_any_permission_for(user, ["choose"])


def is_media_model(model):
    """Whether collection rights decide who may use the model's instances (images and documents)."""
    return model is not None and issubclass(model, (get_image_model(), get_document_model()))


def _may_use(user, instance):
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return policy_registry.get_by_type(type(instance)).user_has_permission_for_instance(user, "choose", instance)
