"""Editing rights for the partnership: each partner's coordinators' group, the communication
managers' group, and the approval workflow between them.

The rights follow the page tree: a coordinators' group may add and change pages only at and below
its own partner page, and its collection holds its images and documents; it may also use (not add to)
the shared “Common” collection, which the communication managers fill (see media_access). Events and
publications that a partner owns live below its partner page, so these rights cover them too. Nobody but the
communication managers may publish; coordinators submit to the approval workflow instead.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from partners.media_access import COMMON_PERMISSIONS, common_collection
from partners.models import PartnerPage

COMMUNICATION_MANAGERS = "Communication managers"
COORDINATORS_GROUP_PREFIX = "Coordinators – "
APPROVAL_WORKFLOW = "Partner content approval"
APPROVAL_TASK = "Approval by the communication managers"

COORDINATOR_PAGE_PERMISSIONS = ("add_page", "change_page")
MANAGER_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page")
MEDIA_PERMISSIONS = ("add_image", "change_image", "choose_image", "add_document", "change_document", "choose_document")


def coordinators_group_name(partner_page):
    return f"{COORDINATORS_GROUP_PREFIX}{partner_page.display_name}"


def _permission(codename, app_label):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _grant_page_permissions(group, page, codenames):
    for codename in codenames:
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=_permission(codename, "wagtailcore"))


def _grant_collection_permissions(group, collection, codenames=MEDIA_PERMISSIONS):
    for codename in codenames:
        app_label = "wagtailimages" if codename.endswith("image") else "wagtaildocs"
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=_permission(codename, app_label)
        )


def _allow_admin_access(group):
    group.permissions.add(_permission("access_admin", "wagtailadmin"))


@transaction.atomic
def ensure_communication_managers(*, site_root):
    """The communication managers' group, its rights over the whole site, and the approval workflow."""
    managers, _created = Group.objects.get_or_create(name=COMMUNICATION_MANAGERS)
    _allow_admin_access(managers)
    _grant_page_permissions(managers, site_root, MANAGER_PAGE_PERMISSIONS)
    # The root collection's rights reach every collection below it, the “Common” one included.
    _grant_collection_permissions(managers, Collection.get_first_root_node())
    common_collection()

    task = GroupApprovalTask.objects.filter(name=APPROVAL_TASK).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=APPROVAL_TASK)
    task.groups.add(managers)
    workflow, created = Workflow.objects.get_or_create(name=APPROVAL_WORKFLOW)
    if created or not workflow.workflow_tasks.exists():
        WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    return managers, workflow


@transaction.atomic
def set_up_partner(*, partner_page):
    """Create (or repair) a partner's coordinators' group, its rights, collection and workflow."""
    # The site's root page, the home page, is the one at the second level of the tree.
    site_root = partner_page.get_ancestors().filter(depth=2).first() or partner_page.get_parent()
    _managers, workflow = ensure_communication_managers(site_root=site_root)

    group, _created = Group.objects.get_or_create(name=coordinators_group_name(partner_page))
    _allow_admin_access(group)
    _grant_page_permissions(group, partner_page, COORDINATOR_PAGE_PERMISSIONS)

    root_collection = Collection.get_first_root_node()
    collection = root_collection.get_children().filter(name=partner_page.display_name).first()
    if collection is None:
        collection = root_collection.add_child(name=partner_page.display_name)
    _grant_collection_permissions(group, collection)
    _grant_collection_permissions(group, common_collection(), COMMON_PERMISSIONS)

    WorkflowPage.objects.update_or_create(page=partner_page, defaults={"workflow": workflow})
    return group


def grant_common_collection(**kwargs):
    """Every coordinators' group may use the Common collection, also groups set up before it existed.

    Run after every `migrate` (partners.apps), so that an existing site gets the rule with its next deploy.
    """
    groups = list(Group.objects.filter(name__startswith=COORDINATORS_GROUP_PREFIX))
    if not groups or Collection.get_first_root_node() is None:
        return
    common = common_collection()
    for group in groups:
        _grant_collection_permissions(group, common, COMMON_PERMISSIONS)


def add_coordinator(*, user, partner_page):
    """Make a user a coordinator of a partner: they may then edit its pages and submit them for approval."""
    group = set_up_partner(partner_page=partner_page)
    user.groups.add(group)
    return group


def add_communication_manager(*, user, site_root):
    managers, _workflow = ensure_communication_managers(site_root=site_root)
    user.groups.add(managers)
    return managers


def partner_of_page(page: Page):
    """The partner page a page belongs to (itself or an ancestor), or None."""
    return PartnerPage.objects.ancestor_of(page, inclusive=True).first()


def content_lost_by_deleting(pages):
    """The pages of other apps that deleting `pages` (and everything below them) would delete with a partner
    or silently detach from it: events, publications, work packages, and whatever else refers to partners.

    Those are the pages of every type that refers to a partner page (a foreign key or many-to-many field,
    such as an event's hosts or a work package's lead partner) that live below a partner page that would go,
    or name such a partner. The types come from the relations themselves, so an app that adds one is
    covered. An empty list means no partner's content is at stake.
    """
    partners = PartnerPage.objects.none()
    for page in pages:
        partners |= PartnerPage.objects.descendant_of(page, inclusive=True)
    partners = list(partners)
    if not partners:
        return []
    lost = []
    for relation in PartnerPage._meta.related_objects:
        model = relation.related_model
        # Relations to partner pages themselves (not those every page has, to its parent class Page).
        if relation.model is not PartnerPage or not (isinstance(model, type) and issubclass(model, Page)):
            continue
        below = model.objects.none()
        for partner in partners:
            below |= model.objects.descendant_of(partner)
        lost += below | model.objects.filter(**{f"{relation.field.name}__in": partners})
    return sorted({page.pk: page for page in lost}.values(), key=lambda page: (page.title.lower(), page.pk))
