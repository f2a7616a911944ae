"""Moving the work packages to their own app and the content version to core keeps an existing database's
pages, revisions and links: migrated back to before the move and forward again, nothing is lost."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from wagtail.models import Page, Revision

from publications.models import PublicationPage
from tests.inducult.factories import build_site
from tests.publications.factories import PublicationIndexPageFactory, PublicationPageFactory
from tests.workpackages.factories import WorkPackageIndexPageFactory, WorkPackagePageFactory
from workpackages.models import WorkPackagePage

# The last migration of each app before the move.
BEFORE_THE_MOVE = [
    ("inducult", "0007_contentversion"),
    ("core", None),
    ("workpackages", None),
    ("publications", "0001_initial"),
]


def table_names():
    return set(connection.introspection.table_names())


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_database_from_before_the_move_keeps_its_work_packages():
    home = build_site()
    index = WorkPackageIndexPageFactory(parent=home)
    work_package = WorkPackagePageFactory(parent=index, code="T1", title="Establishing the concept", summary_de="Das Konzept.")
    work_package.save_revision().publish()
    library = PublicationIndexPageFactory(parent=home)
    publication = PublicationPageFactory(parent=library, title="Strategy", work_package=work_package)
    content_type_id = work_package.content_type_id
    revisions = Revision.objects.filter(object_id=str(work_package.pk)).count()

    migrate(BEFORE_THE_MOVE)
    # As the database was: the tables and the content types are the project package's.
    assert {"inducult_workpackagepage", "inducult_contentversion"} <= table_names()
    assert "workpackages_workpackagepage" not in table_names()
    assert ContentType.objects.get(pk=content_type_id).app_label == "inducult"

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    assert {"workpackages_workpackagepage", "core_contentversion"} <= table_names()
    assert "inducult_workpackagepage" not in table_names()
    moved = Page.objects.get(pk=work_package.pk)
    assert moved.content_type_id == content_type_id
    assert ContentType.objects.get(pk=content_type_id).app_label == "workpackages"
    specific = moved.specific
    assert isinstance(specific, WorkPackagePage)
    assert (specific.code, specific.title, specific.summary_de) == ("T1", "Establishing the concept", "Das Konzept.")
    assert Revision.objects.filter(object_id=str(work_package.pk)).count() == revisions
    assert specific.get_latest_revision_as_object().title == "Establishing the concept"
    assert PublicationPage.objects.get(pk=publication.pk).work_package_id == work_package.pk
