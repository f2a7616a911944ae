"""The translator role: one translators' group per language, and what a translator may change on a page.

A translator may not create, delete, move, copy, unpublish or lock pages: the role gives Wagtail's *change*
permission on the whole tree and nothing more, and the page hooks refuse deleting and moving. A coordinator
who also translates edits their own partner's pages fully and the rest as a translator.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import translation
from wagtail.models import GroupPagePermission, Page

from partners.services import COMMUNICATION_MANAGERS
from translations import units as u

TRANSLATORS_GROUP_PREFIX = "Translators – "


def translators_group_name(language):
    with translation.override("en"):
        return f"{TRANSLATORS_GROUP_PREFIX}{u.language_name(language)}"


def translator_group_languages():
    """{group name: language code} of the translators' groups."""
    return {translators_group_name(code): code for code in u.target_languages()}


@transaction.atomic
def ensure_translator_groups():
    """Create (or repair) one translators' group per language: admin access and *change* on every page."""
    root = Page.get_first_root_node()
    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    change_page = Permission.objects.get(content_type__app_label="wagtailcore", codename="change_page")
    groups = {}
    for name, code in translator_group_languages().items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(access_admin)
        if root is not None:
            GroupPagePermission.objects.get_or_create(group=group, page=root, permission=change_page)
        groups[code] = group
    return groups


def add_translator(*, user, language):
    """Make a user a translator for one language."""
    if language not in u.target_languages():
        raise ValueError(f"Unknown translation language: {language}")
    group = ensure_translator_groups()[language]
    user.groups.add(group)
    _forget_roles(user)
    return group


def _forget_roles(user):
    for attribute in ("_translator_languages", "_full_editor_paths", "_is_communication_manager"):
        user.__dict__.pop(attribute, None)


def translator_languages(user):
    """The languages a user translates, from their translators' groups (cached on the user object)."""
    if "_translator_languages" not in user.__dict__:
        if not user.is_authenticated:
            user._translator_languages = frozenset()
        else:
            names = translator_group_languages()
            member_of = user.groups.filter(name__in=list(names)).values_list("name", flat=True)
            user._translator_languages = frozenset(names[name] for name in member_of)
    return user._translator_languages


def _full_editor_paths(user):
    """Tree paths below which the user may edit through a group that is not a translators' group."""
    if "_full_editor_paths" not in user.__dict__:
        permissions = (
            GroupPagePermission.objects.filter(group__user=user, permission__codename__in=("change_page", "add_page"))
            .exclude(group__name__in=list(translator_group_languages()))
            .values_list("page__path", "permission__codename")
        )
        user._full_editor_paths = list(permissions)
    return user._full_editor_paths


def translation_restriction(user, page):
    """None if the user edits this page as a full editor; else the languages they may change on it.

    A coordinator who is also a translator edits their own partner's pages fully and other pages only
    as a translator.
    """
    if not user.is_authenticated or user.is_superuser:
        return None
    languages = translator_languages(user)
    if not languages:
        return None
    for path, codename in _full_editor_paths(user):
        if page.path.startswith(path) and (codename == "change_page" or page.owner_id == user.pk):
            return None
    return languages


def is_communication_manager(user):
    if "_is_communication_manager" not in user.__dict__:
        user._is_communication_manager = user.is_authenticated and user.groups.filter(name=COMMUNICATION_MANAGERS).exists()
    return user._is_communication_manager


def can_use_translation_tools(user):
    """Translators, communication managers and administrators see the overview and may export and import."""
    return user.is_active and (user.is_superuser or bool(translator_languages(user)) or is_communication_manager(user))


def languages_for(user):
    """The languages a user may export and import: all for managers and administrators, else their own."""
    if user is None or user.is_superuser or is_communication_manager(user):
        return u.target_languages()
    return [code for code in u.target_languages() if code in translator_languages(user)]
