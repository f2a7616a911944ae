"""E-mail: the moderation mails reach the right people in their admin language, through a real SMTP server;
the settings send through the server named in the environment, and dev keeps mail in a folder without one."""

import email
import email.policy
import json
import os
import socket
import subprocess
import uuid

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings
from wagtail.models import Page, Workflow, WorkflowState
from wagtail.users.models import UserProfile

from partners.services import add_communication_manager, add_coordinator
from tests import ROOT, processes
from tests.admin_forms import edit_form_data
from tests.partners.factories import PartnerIndexPageFactory, PartnerPageFactory
from translations.notifications import notify_translation_over_pending_change
from translations.roles import add_translator

TASK = "Approval by the communication managers"
WORKFLOW = "Partner content approval"


# A real SMTP server ---------------------------------------------------------------------------------------


class Inbox:
    """An aiosmtpd handler that keeps every mail it accepts: (envelope recipients, parsed message)."""

    def __init__(self):
        self.mails = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        self.mails.append((sorted(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def to(self, address):
        """The mails whose envelope went to this address."""
        return [message for recipients, message in self.mails if address in recipients]

    def recipients(self):
        return sorted(address for recipients, _message in self.mails for address in recipients)

    def clear(self):
        self.mails.clear()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    inbox.port = port
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.fixture
def mail_server(smtp_server):
    """The site's mail goes to the SMTP server above, as a deployment's EMAIL_HOST would make it."""
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=smtp_server.port,
        EMAIL_HOST_USER="",
        EMAIL_HOST_PASSWORD="",
        EMAIL_USE_TLS=False,
        EMAIL_USE_SSL=False,
        DEFAULT_FROM_EMAIL="InduCult2.0 <web@inducult.example.org>",
    ):
        yield smtp_server


def body(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def sender(message):
    (address,) = message["From"].addresses
    return f"{address.display_name} <{address.addr_spec}>"


def subject(message):
    # A long encoded subject is folded onto a continuation line; a mail program shows it unfolded.
    return message["Subject"].strip()


# The people of a partnership ----------------------------------------------------------------------------


def person(username, *, language=""):
    user = get_user_model().objects.create_user(username, email=f"{username}@example.org", password="pw")
    if language:
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.save()
    return user


@pytest.fixture
def partnership(home_page):
    """Two partners with a coordinator each (a Czech-speaking one and one who chose no admin language),
    two communication managers (one with a German admin), a German translator and a superuser."""
    index = PartnerIndexPageFactory(parent=home_page)
    partner = PartnerPageFactory(parent=index, title="District of Zwickau", slug="zwickau")
    other = PartnerPageFactory(parent=index, title="Municipality of Leoben", slug="leoben", town="Leoben")
    for page in (partner, other):
        page.save_revision().publish()
    coordinator = person("coordinator-zwickau", language="cs")
    add_coordinator(user=coordinator, partner_page=partner)
    other_coordinator = person("coordinator-leoben")
    add_coordinator(user=other_coordinator, partner_page=other)
    manager = person("manager")
    manager_de = person("manager-de", language="de")
    for user in (manager, manager_de):
        add_communication_manager(user=user, site_root=home_page)
    translator = person("translator-de", language="de")
    add_translator(user=translator, language="de")
    admin = get_user_model().objects.create_superuser("admin", "admin@example.org", "pw")
    return {
        "partner": Page.objects.get(pk=partner.pk).specific,
        "other": Page.objects.get(pk=other.pk).specific,
        "coordinator": coordinator,
        "other_coordinator": other_coordinator,
        "manager": manager,
        "manager_de": manager_de,
        "translator": translator,
        "admin": admin,
    }


def latest(page):
    return Page.objects.get(pk=page.pk).specific.get_latest_revision_as_object()


def submit(client, user, page, **changes):
    client.force_login(user)
    response = client.post(f"/admin/pages/{page.pk}/edit/", edit_form_data(latest(page), **changes, **{"action-submit": "1"}))
    assert response.status_code == 302
    return WorkflowState.objects.get(object_id=str(page.pk), status=WorkflowState.STATUS_IN_PROGRESS)


def moderate(client, user, state, action, comment=""):
    client.force_login(user)
    url = f"/admin/pages/workflow/action/{state.object_id}/{action}/{state.current_task_state.pk}/"
    assert client.post(url, {"comment": comment}).status_code == 302


def publish_translation(client, translator, page, **german):
    client.force_login(translator)
    data = edit_form_data(latest(page), **german, **{"action-publish-translation": "1"})
    return client.post(f"/admin/pages/{page.pk}/edit/", data)


# Wagtail's moderation mails ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_submission_reaches_the_communication_managers_each_in_their_admin_language(client, mail_server, partnership):
    submit(client, partnership["coordinator"], partnership["partner"], town_en="Zwickau (Saxony)")

    # The managers moderate; neither the Czech submitter, nor the other partner, nor the superuser is told.
    assert mail_server.recipients() == ["manager-de@example.org", "manager@example.org"]
    (german,) = mail_server.to("manager-de@example.org")
    assert subject(german) == f"Die Seite „District of Zwickau“ wurde zur Freigabe in Moderationsphase „{TASK}“ eingereicht."
    assert body(german).startswith("Hallo manager-de,")
    assert f"http://127.0.0.1:8000/admin/pages/{partnership['partner'].pk}/edit/" in body(german)
    # The manager who chose no admin language gets the site's English, not the Czech submitter's language.
    (english,) = mail_server.to("manager@example.org")
    assert subject(english) == f'The page "District of Zwickau" has been submitted for approval in moderation stage "{TASK}"'
    assert body(english).startswith("Hello manager,")
    assert sender(english) == "InduCult2.0 <web@inducult.example.org>"
    assert english["Auto-Submitted"] == "auto-generated"


@pytest.mark.django_db
def test_an_approval_reaches_the_submitter_in_their_admin_language(client, mail_server, partnership):
    state = submit(client, partnership["coordinator"], partnership["partner"], town_en="Zwickau (Saxony)")
    mail_server.clear()

    moderate(client, partnership["manager_de"], state, "approve")

    assert mail_server.recipients() == ["coordinator-zwickau@example.org"]
    (czech,) = mail_server.to("coordinator-zwickau@example.org")
    assert body(czech).startswith("Dobrý den coordinator-zwickau,")
    assert f'Stránka "District of Zwickau" byla schválena v postupu "{WORKFLOW}".' in body(czech)


@pytest.mark.django_db
def test_a_submitter_without_an_admin_language_hears_in_english_from_a_german_moderator(client, mail_server, partnership):
    state = submit(client, partnership["other_coordinator"], partnership["other"], town_en="Leoben (Styria)")
    mail_server.clear()

    moderate(client, partnership["manager_de"], state, "approve")

    (english,) = mail_server.to("coordinator-leoben@example.org")
    assert mail_server.recipients() == ["coordinator-leoben@example.org"]
    assert f'The page "Municipality of Leoben" has been approved in workflow "{WORKFLOW}".' in body(english)


@pytest.mark.django_db
def test_a_rejection_brings_the_submitter_the_managers_comment(client, mail_server, partnership):
    state = submit(client, partnership["coordinator"], partnership["partner"], town_en="Zwickau?")
    mail_server.clear()

    moderate(client, partnership["manager"], state, "reject", comment="Please name the district's town, without a question mark.")

    assert mail_server.recipients() == ["coordinator-zwickau@example.org"]
    (czech,) = mail_server.to("coordinator-zwickau@example.org")
    assert subject(czech) == f'Stránka "District of Zwickau" byla zamítnuta během "{WORKFLOW}".'
    assert 'Byl přidán tento komentář: "Please name the district\'s town, without a question mark."' in body(czech)


# A translation over someone's pending change ----------------------------------------------------------------


@pytest.mark.django_db
def test_a_translation_over_a_coordinators_draft_tells_the_coordinator(client, mail_server, partnership):
    partner, coordinator = partnership["partner"], partnership["other_coordinator"]
    other = partnership["other"]
    client.force_login(coordinator)
    # The coordinator saves a change and has not submitted it yet.
    assert (
        client.post(f"/admin/pages/{other.pk}/edit/", edit_form_data(latest(other), town_en="Leoben, Styria")).status_code == 302
    )

    response = publish_translation(client, partnership["translator"], other, town_de="Leoben (Steiermark)")

    assert response.status_code == 302
    assert Page.objects.get(pk=other.pk).specific.town_de != "Leoben (Steiermark)"  # still a draft
    assert mail_server.recipients() == ["coordinator-leoben@example.org"]
    (mail,) = mail_server.to("coordinator-leoben@example.org")
    # English for a coordinator who chose no admin language, though the German translator's request ran in German.
    assert subject(mail) == 'Translation (German) of "Municipality of Leoben" waits for unpublished changes'
    assert body(mail).startswith("Hello coordinator-leoben,")
    assert 'translator-de has translated the page "Municipality of Leoben" (German).' in body(mail)
    assert "Your changes have not been published yet." in body(mail)
    assert f"http://127.0.0.1:8000/admin/pages/{other.pk}/edit/" in body(mail)

    # Correcting the same translation again over the same change is not news.
    publish_translation(client, partnership["translator"], other, town_de="Leoben in der Steiermark")
    assert len(mail_server.mails) == 1
    # A translation over nothing but the live page goes live and tells nobody.
    publish_translation(client, partnership["translator"], partner, town_de="Zwickau (Sachsen)")
    assert Page.objects.get(pk=partner.pk).specific.town_de == "Zwickau (Sachsen)"
    assert len(mail_server.mails) == 1


@pytest.mark.django_db
def test_a_translation_over_changes_sent_back_tells_the_submitter_in_their_language(client, mail_server, partnership):
    partner = partnership["partner"]
    state = submit(client, partnership["coordinator"], partner, town_en="Zwickau?")
    moderate(client, partnership["manager"], state, "reject", comment="Without the question mark, please.")
    mail_server.clear()

    response = publish_translation(client, partnership["translator"], partner, town_de="Zwickau (Sachsen)")

    assert response.status_code == 302
    assert mail_server.recipients() == ["coordinator-zwickau@example.org"]
    (czech,) = mail_server.to("coordinator-zwickau@example.org")
    # Czech: Wagtail's greeting and link line prove the mail was rendered in the coordinator's language.
    assert body(czech).startswith("Dobrý den coordinator-zwickau,")
    assert f"Stránku můžete upravit zde: http://127.0.0.1:8000/admin/pages/{partner.pk}/edit/" in body(czech)
    # Our own sentence, translated too (with Czech quotation marks).
    assert f"„{WORKFLOW}“" in body(czech)

    # When the coordinator resubmits and a manager approves, the translation goes live with their change.
    state = submit(client, partnership["coordinator"], partner, town_en="Zwickau")
    moderate(client, partnership["manager"], state, "approve")
    live = Page.objects.get(pk=partner.pk).specific
    assert (live.town_en, live.town_de) == ("Zwickau", "Zwickau (Sachsen)")


@pytest.mark.django_db
def test_a_page_in_moderation_is_locked_for_translators(client, mail_server, partnership):
    partner = partnership["partner"]
    submit(client, partnership["coordinator"], partner, town_en="Zwickau (Saxony)")
    revisions = partner.revisions.count()
    mail_server.clear()

    publish_translation(client, partnership["translator"], partner, town_de="Zwickau (Sachsen)")

    # Wagtail's workflow lock: only the approvers edit a page that waits for them; nothing is saved or sent.
    assert partner.revisions.count() == revisions
    assert mail_server.mails == []


@pytest.mark.django_db
def test_approvers_hear_of_a_translation_added_to_a_page_that_waits_for_them(mail_server, partnership):
    # Translators cannot do this through the admin (the lock above), but whoever may edit a page in
    # moderation and calls the notice reaches the approvers too.
    partner, translator = partnership["partner"], partnership["translator"]
    page = latest(partner)
    page.town_en = "Zwickau (Saxony)"
    revision = page.save_revision(user=partnership["coordinator"])
    Workflow.objects.get(name=WORKFLOW).start(Page.objects.get(pk=partner.pk).specific, partnership["coordinator"])
    mail_server.clear()
    page = revision.as_object()
    page.town_de = "Zwickau (Sachsen)"
    page.save_revision(user=translator)

    sent = notify_translation_over_pending_change(page=partner, translator=translator, languages={"de"})

    assert sent == 3
    assert mail_server.recipients() == ["coordinator-zwickau@example.org", "manager-de@example.org", "manager@example.org"]
    (german,) = mail_server.to("manager-de@example.org")
    assert body(german).startswith("Hallo manager-de,")
    assert "wird auch die Übersetzung veröffentlicht." in " ".join(body(german).split())
    (coordinator_mail,) = mail_server.to("coordinator-zwickau@example.org")
    # The Czech coordinator's own sentence: "when it is approved, the translation goes live with your changes".
    assert "se překlad společně s vašimi změnami." in " ".join(body(coordinator_mail).split())


@pytest.mark.django_db
def test_a_mail_server_that_is_down_does_not_fail_the_translators_save(client, partnership, caplog):
    other = partnership["other"]
    client.force_login(partnership["other_coordinator"])
    client.post(f"/admin/pages/{other.pk}/edit/", edit_form_data(latest(other), town_en="Leoben, Styria"))
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_HOST="127.0.0.1", EMAIL_PORT=free_port()
    ):
        response = publish_translation(client, partnership["translator"], other, town_de="Leoben (Steiermark)")
    assert response.status_code == 302
    assert latest(other).town_de == "Leoben (Steiermark)"
    assert "the translation notice for page" in caplog.text


# The demo's accounts ----------------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.slow
def test_demo_accounts_have_example_addresses_and_the_translators_their_admin_language():
    call_command("load_demo_content", stdout=open(os.devnull, "w"))  # noqa: SIM115
    User = get_user_model()
    assert not User.objects.filter(email="").exists()
    assert all(address.endswith("@example.org") for address in User.objects.values_list("email", flat=True))
    languages = {user.username: UserProfile.get_for_user(user).preferred_language for user in User.objects.all()}
    assert (languages["translator-de"], languages["translator-cs"]) == ("de", "cs")

    # A database from before: an account without an address gets one, an editor's own choice stays.
    User.objects.filter(username="communication-manager").update(email="")
    profile = UserProfile.get_for_user(User.objects.get(username="translator-de"))
    profile.preferred_language = "en"
    profile.save()
    call_command("load_demo_content", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert User.objects.get(username="communication-manager").email == "communication-manager@example.org"
    assert UserProfile.get_for_user(User.objects.get(username="translator-de")).preferred_language == "en"


# Settings -----------------------------------------------------------------------------------------------------

SHOW_MAIL_SETTINGS = (
    "import json; from django.conf import settings as s; from django.core.mail import get_connection; c = get_connection(); "
    "print(json.dumps({'backend': s.EMAIL_BACKEND, 'host': c.host, 'port': c.port, 'user': c.username, "
    "'password': c.password, 'tls': c.use_tls, 'ssl': c.use_ssl, 'timeout': c.timeout, 'from': s.DEFAULT_FROM_EMAIL, "
    "'server': s.SERVER_EMAIL}))"
)
PRODUCTION = {
    "SECRET_KEY": "a-long-random-production-secret-for-the-test-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "inducult.example.org",
}
MAIL_VARIABLES = (
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_HOST_USER",
    "EMAIL_HOST_PASSWORD",
    "EMAIL_USE_TLS",
    "EMAIL_USE_SSL",
    "EMAIL_TIMEOUT",
    "DEFAULT_FROM_EMAIL",
    "SERVER_EMAIL",
    "EMAIL_FILE_PATH",
)


def run_manage(*args, **env):
    """manage.py in a fresh process, without the mail variables of this one."""
    return processes.run_manage(*args, without=MAIL_VARIABLES, **env)


@pytest.mark.parametrize("module", ["dev", "test", "production"])
@pytest.mark.slow
def test_every_settings_module_sends_through_the_server_in_the_environment(module):
    result = run_manage(
        "shell",
        "-c",
        SHOW_MAIL_SETTINGS,
        DJANGO_SETTINGS_MODULE=f"inducult.settings.{module}",
        EMAIL_HOST="smtp.example.org",
        EMAIL_PORT="2525",
        EMAIL_HOST_USER="inducult",
        EMAIL_HOST_PASSWORD="mail-password",
        EMAIL_USE_TLS="true",
        DEFAULT_FROM_EMAIL="InduCult2.0 <web@inducult.example.org>",
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {
        "backend": "django.core.mail.backends.smtp.EmailBackend",
        "host": "smtp.example.org",
        "port": 2525,
        "user": "inducult",
        "password": "mail-password",
        "tls": True,
        "ssl": False,
        "timeout": 10,
        "from": "InduCult2.0 <web@inducult.example.org>",
        "server": "InduCult2.0 <web@inducult.example.org>",
    }


@pytest.mark.slow
def test_the_port_follows_the_kind_of_encryption_unless_given():
    for encryption, port in [({}, 25), ({"EMAIL_USE_TLS": "yes"}, 587), ({"EMAIL_USE_SSL": "1"}, 465)]:
        result = run_manage(
            "shell",
            "-c",
            SHOW_MAIL_SETTINGS,
            DJANGO_SETTINGS_MODULE="inducult.settings.dev",
            EMAIL_HOST="smtp.example.org",
            **encryption,
        )
        assert json.loads(result.stdout.strip().splitlines()[-1])["port"] == port, result.stderr


@pytest.mark.slow
def test_mistyped_or_contradictory_mail_settings_stop_the_start():
    for env, message in [
        ({"EMAIL_USE_TLS": "ture"}, "EMAIL_USE_TLS must be true or false"),
        ({"EMAIL_USE_TLS": "true", "EMAIL_USE_SSL": "true"}, "not both"),
        ({"EMAIL_PORT": "smtp"}, "EMAIL_PORT must be a whole number"),
        ({"DEFAULT_FROM_EMAIL": ""}, "Set DEFAULT_FROM_EMAIL"),
    ]:
        result = run_manage(
            "check", DJANGO_SETTINGS_MODULE="inducult.settings.production", EMAIL_HOST="smtp.example.org", **PRODUCTION, **env
        )
        assert result.returncode != 0
        assert message in result.stderr


@pytest.mark.slow
def test_production_sends_through_the_smtp_server_named_in_the_environment(smtp_server):
    send = "from django.core.mail import send_mail; send_mail('Deployment check', 'It works.', None, ['ops@example.org'])"
    result = run_manage(
        "shell",
        "-c",
        send,
        DJANGO_SETTINGS_MODULE="inducult.settings.production",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp_server.port),
        DEFAULT_FROM_EMAIL="InduCult2.0 <web@inducult.example.org>",
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    (message,) = smtp_server.to("ops@example.org")
    assert (subject(message), sender(message)) == ("Deployment check", "InduCult2.0 <web@inducult.example.org>")


@pytest.mark.slow
def test_production_without_a_mail_server_logs_each_unsent_mail():
    send = (
        "from django.core.mail import send_mail; print(send_mail('Reset your password', 'secret link', None, ['ed@example.org']))"
    )
    result = run_manage("shell", "-c", send, DJANGO_SETTINGS_MODULE="inducult.settings.production", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "0"
    assert "Mail not sent because EMAIL_HOST is not set: 'Reset your password' to ed@example.org" in result.stderr
    assert "secret link" not in result.stderr


@pytest.mark.slow
def test_dev_without_a_mail_server_writes_each_mail_into_an_ignored_folder_of_the_checkout():
    title = f"Welcome {uuid.uuid4().hex}"
    send = f"from django.core.mail import send_mail; send_mail('{title}', 'Hello newcomer.', None, ['new@example.org'])"
    result = run_manage("shell", "-c", send, DJANGO_SETTINGS_MODULE="inducult.settings.dev")
    assert result.returncode == 0, result.stderr
    folder = ROOT / "sent-mail"
    written = [path for path in folder.glob("*.eml") if title.lower().replace(" ", "-") in path.name]
    try:
        assert len(written) == 1
        message = email.message_from_bytes(written[0].read_bytes(), policy=email.policy.default)
        assert (subject(message), message["To"], body(message).strip()) == (title, "new@example.org", "Hello newcomer.")
        ignored = subprocess.run(["git", "check-ignore", "-q", str(written[0])], cwd=ROOT)
        assert ignored.returncode == 0, "sent-mail/ must be git-ignored"
    finally:
        for path in written:
            path.unlink()
