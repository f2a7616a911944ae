"""Throttling that cannot be steered from outside: sign-ins and password reset requests count by the client's
address as the reverse proxy saw it, never by what the client claims in X-Forwarded-For; a request the proxy
sends without the header locks nobody out; a user name is paused everywhere after many failures from many
addresses; password reset requests are limited per address and per e-mail address without telling whether
an account exists.

Requests go through the admin's real sign-in and password reset forms, with the proxy settings the production
settings module produces (read from it in a subprocess). The proxy's part is played by the test: the
connection comes from the proxy's address and carries X-Forwarded-For as nginx writes it with either of the
two lines README, Deploying allows.
"""

import ast
import datetime
import logging
import re

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from inducult.models import PasswordResetRequest
from tests.inducult import test_mail
from tests.processes import run_manage

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
RESET = "/admin/password_reset/"
PASSWORD = "a long and correct password"
PROXY = "127.0.0.1"
OFFICE, ATTACKER = "192.0.2.10", "203.0.113.66"
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "inducult.settings.production",
    "SECRET_KEY": "a-long-random-production-secret-for-the-test-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "inducult.example.org",
}
# The two nginx lines README, Deploying allows: one sets the header to the client's address, the other adds
# the client's address to whatever the client sent.
SETS, APPENDS = "$remote_addr", "$proxy_add_x_forwarded_for"


def production_setting(name, **env):
    result = run_manage("shell", "-c", f"from django.conf import settings; print(repr(settings.{name}))", **PRODUCTION, **env)
    assert result.returncode == 0, result.stderr
    return ast.literal_eval(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def production_proxies():
    return production_setting("TRUSTED_PROXIES", TRUSTED_PROXIES="")


@pytest.fixture(autouse=True)
def production_proxy_settings(production_proxies):
    with override_settings(TRUSTED_PROXIES=production_proxies):
        yield


def through_proxy(client_address, claimed=None, nginx=SETS):
    """What the site receives when a client at client_address sends `X-Forwarded-For: claimed` (or none)
    through nginx configured with `proxy_set_header X-Forwarded-For <nginx>;`."""
    if nginx == APPENDS and claimed:
        forwarded = f"{claimed}, {client_address}"
    else:
        forwarded = client_address
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": forwarded}


def sign_in(client, username, password, **meta):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"}, **meta)


def signed_in(client):
    return client.get("/admin/").status_code == 200


def is_form_error(response):
    return response.status_code == 200 and "Your username and password didn&#x27;t match" in response.content.decode()


def without_tokens(response):
    return re.sub(r'"CSRF_TOKEN": "[^"]+"', "", response.content.decode())


# A real SMTP server for the reset mails, as in test_mail.
smtp_server = test_mail.smtp_server
mail_server = test_mail.mail_server


@pytest.fixture
def editors(django_user_model):
    return [
        django_user_model.objects.create_superuser(name, f"{name}@example.org", PASSWORD) for name in ("marta.novak", "colleague")
    ]


# Settings ---------------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_production_trusts_the_proxy_on_its_own_machine_unless_told_otherwise_and_refuses_bad_values():
    assert production_setting("TRUSTED_PROXIES", TRUSTED_PROXIES="") == ["127.0.0.1", "::1"]
    assert production_setting("TRUSTED_PROXIES", TRUSTED_PROXIES="10.0.0.0/24, 192.0.2.1") == ["10.0.0.0/24", "192.0.2.1"]

    typo = run_manage("check", **PRODUCTION, TRUSTED_PROXIES="10.0.0.300")
    assert typo.returncode != 0
    assert "TRUSTED_PROXIES: '10.0.0.300' is not an IP address or network." in typo.stderr
    # The old count of proxies trusted whatever came through them: a deployment still setting it must notice.
    old = run_manage("check", **PRODUCTION, TRUSTED_PROXY_COUNT="1")
    assert old.returncode != 0
    assert "TRUSTED_PROXY_COUNT is gone" in old.stderr


# Sign-in ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("nginx", [SETS, APPENDS])
def test_rotating_forwarded_for_values_through_the_proxy_get_no_more_than_five_tries(client, editors, nginx):
    responses = [
        sign_in(client, "marta.novak", "wrong password", **through_proxy(ATTACKER, f"10.0.{number}.1", nginx))
        for number in range(12)
    ]
    assert all(is_form_error(response) for response in responses[:4])
    assert [response.status_code for response in responses[4:]] == [429] * 8
    # The attacker has no more tries, not even with the right password ...
    assert sign_in(client, "marta.novak", PASSWORD, **through_proxy(ATTACKER, "10.9.9.9", nginx)).status_code == 429
    assert not signed_in(client)
    # ... and the editor, from her office, signs in as ever.
    assert sign_in(client, "marta.novak", PASSWORD, **through_proxy(OFFICE, nginx=nginx)).status_code == 302
    assert signed_in(client)


def test_rotating_forwarded_for_values_sent_straight_to_the_site_are_ignored(client, editors):
    # A connection that does not come from the proxy counts by its own address, whatever it claims.
    responses = [
        sign_in(client, "marta.novak", "wrong password", REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=f"10.0.{number}.1")
        for number in range(8)
    ]
    assert all(is_form_error(response) for response in responses[:4])
    assert [response.status_code for response in responses[4:]] == [429] * 4
    assert sign_in(client, "marta.novak", PASSWORD, REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=OFFICE).status_code == 429
    assert sign_in(client, "marta.novak", PASSWORD, **through_proxy(OFFICE)).status_code == 302


@pytest.mark.parametrize(
    "forged",
    [
        through_proxy(ATTACKER, OFFICE, SETS),
        through_proxy(ATTACKER, OFFICE, APPENDS),
        {"REMOTE_ADDR": ATTACKER, "HTTP_X_FORWARDED_FOR": OFFICE},
    ],
    ids=["proxy sets the header", "proxy appends to it", "straight to the site"],
)
def test_a_forged_header_naming_the_editors_address_cannot_lock_her_out(client, editors, forged):
    for _attempt in range(10):
        sign_in(client, "marta.novak", "wrong password", **forged)
    assert sign_in(client, "marta.novak", PASSWORD, **forged).status_code == 429
    # The failures were counted against the attacker's address, not hers.
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}
    assert sign_in(client, "marta.novak", PASSWORD, **through_proxy(OFFICE)).status_code == 302
    assert signed_in(client)


@pytest.mark.parametrize(
    "header", [{}, {"HTTP_X_FORWARDED_FOR": ""}, {"HTTP_X_FORWARDED_FOR": "unknown"}], ids=["none", "empty", "not an address"]
)
def test_a_sign_in_the_proxy_sends_without_the_clients_address_is_refused_and_locks_nobody_out(client, editors, header, caplog):
    with caplog.at_level(logging.ERROR, logger="inducult.accounts"):
        responses = [sign_in(client, "marta.novak", "wrong password", REMOTE_ADDR=PROXY, **header) for _attempt in range(8)]
        right_password = sign_in(client, "marta.novak", PASSWORD, REMOTE_ADDR=PROXY, **header)
    for response in [*responses, right_password]:
        assert response.status_code == 400
        assert "The site could not tell which network your request comes from" in response.content.decode()
    assert not signed_in(client)
    # Nothing was counted, under the proxy's address or any other: everyone behind the proxy still signs in.
    assert not AccessAttempt.objects.exists()
    assert sign_in(client, "marta.novak", PASSWORD, **through_proxy(OFFICE)).status_code == 302
    assert signed_in(client)
    # The log tells the administrators what to fix.
    assert "The reverse proxy must set it" in caplog.text


def test_behind_a_unix_socket_the_proxys_header_counts(client, editors):
    # gunicorn bound to a Unix socket has no client address of its own: only a process on this machine,
    # the proxy, can connect, so its header is the client's address.
    for _attempt in range(5):
        sign_in(client, "marta.novak", "wrong password", REMOTE_ADDR="", HTTP_X_FORWARDED_FOR=ATTACKER)
    assert sign_in(client, "marta.novak", PASSWORD, REMOTE_ADDR="", HTTP_X_FORWARDED_FOR=ATTACKER).status_code == 429
    assert sign_in(client, "marta.novak", PASSWORD, REMOTE_ADDR="", HTTP_X_FORWARDED_FOR=OFFICE).status_code == 302
    assert sign_in(client, "colleague", PASSWORD, REMOTE_ADDR="").status_code == 400


def guess_from_many_addresses(client, username):
    """Four failures from each of five addresses: under the limit per address, twenty for the name."""
    return [
        sign_in(client, username, "wrong password", **through_proxy(f"198.51.100.{host}"))
        for host in range(1, 6)
        for _attempt in range(4)
    ]


def test_a_user_name_is_paused_everywhere_after_twenty_failures_from_many_addresses(client, editors):
    responses = guess_from_many_addresses(client, "marta.novak")
    assert all(is_form_error(response) for response in responses[:19])
    assert responses[19].status_code == 429

    # Now from anywhere, even from her office with the right password, with a page that says why.
    response = sign_in(client, "marta.novak", PASSWORD, **through_proxy(OFFICE))
    assert response.status_code == 429
    assert int(response["Retry-After"]) == 15 * 60
    page = response.content.decode()
    assert "from many different places" in page
    assert "paused everywhere for 15 minutes, even with the right password" in page
    assert not signed_in(client)
    # Other accounts are not affected.
    assert sign_in(client, "colleague", PASSWORD, **through_proxy(OFFICE)).status_code == 302
    client.logout()

    # The pause ends 15 minutes after the last failure; knocking meanwhile does not prolong it.
    for _attempt in range(3):
        assert sign_in(client, "marta.novak", "wrong password", **through_proxy(ATTACKER)).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    assert sign_in(client, "marta.novak", PASSWORD, **through_proxy(OFFICE)).status_code == 302


def test_the_pause_everywhere_does_not_tell_whether_the_user_exists_and_can_be_lifted(client, editors):
    existing = guess_from_many_addresses(client, "marta.novak")[-1]
    unknown = guess_from_many_addresses(client, "nobody-by-this-name")[-1]
    assert existing.status_code == unknown.status_code == 429
    assert without_tokens(existing) == without_tokens(unknown)

    call_command("axes_reset_username", "marta.novak", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert sign_in(client, "marta.novak", PASSWORD, **through_proxy(OFFICE)).status_code == 302


# Password reset ---------------------------------------------------------------------------------------------


def ask_for_reset(client, email, **meta):
    return client.post(RESET, {"email": email}, **meta)


def test_password_reset_links_for_one_address_are_limited_the_same_whether_an_account_has_it_or_not(client, editors, mail_server):
    # The sign-in page's "Forgotten password?" link leads to the throttled form.
    assert f'href="{RESET}"' in client.get(LOGIN).content.decode()
    assert "Reset your password" in client.get(RESET).content.decode()

    answers = {}
    for email in ("marta.novak@example.org", "nobody@example.org"):
        responses = [ask_for_reset(client, email, **through_proxy(f"198.51.100.{host}")) for host in range(1, 5)]
        # Three go ahead, each to the same neutral page; the fourth is refused, from yet another address.
        assert [response.status_code for response in responses[:3]] == [302] * 3
        assert {response["Location"] for response in responses[:3]} == {"/admin/password_reset/done/"}
        assert responses[3].status_code == 429
        assert int(responses[3]["Retry-After"]) == 60 * 60
        answers[email] = responses[3]
    assert len(mail_server.to("marta.novak@example.org")) == 3
    assert mail_server.recipients() == ["marta.novak@example.org"] * 3

    page = answers["marta.novak@example.org"].content.decode()
    assert "Too many password reset requests" in page
    assert "If an account exists for the address, links have already been e-mailed to it" in page
    assert "try again in 60 minutes" in page
    assert without_tokens(answers["marta.novak@example.org"]) == without_tokens(answers["nobody@example.org"])

    # Capital letters make no new address.
    assert ask_for_reset(client, "Marta.Novak@Example.org", **through_proxy(OFFICE)).status_code == 429
    # An hour later the owner can ask again.
    PasswordResetRequest.objects.update(requested_at=timezone.now() - datetime.timedelta(minutes=61))
    assert ask_for_reset(client, "marta.novak@example.org", **through_proxy(OFFICE)).status_code == 302
    assert len(mail_server.to("marta.novak@example.org")) == 4


@pytest.mark.parametrize("nginx", [SETS, APPENDS])
def test_password_reset_requests_from_one_address_are_limited_whatever_it_claims(client, editors, mail_server, nginx):
    responses = [
        ask_for_reset(client, email, **through_proxy(ATTACKER, f"10.0.{number}.1", nginx))
        for number, email in enumerate(
            ["marta.novak@example.org", "colleague@example.org"] + [f"n{n}@example.org" for n in range(4)]
        )
    ]
    assert [response.status_code for response in responses] == [302] * 5 + [429]
    # Another address is not affected.
    assert ask_for_reset(client, "n5@example.org", **through_proxy(OFFICE, nginx=nginx)).status_code == 302
    assert mail_server.recipients() == ["colleague@example.org", "marta.novak@example.org"]


def test_a_password_reset_request_the_proxy_sends_without_the_clients_address_is_refused(client, editors, mail_server):
    for _attempt in range(6):
        response = ask_for_reset(client, "marta.novak@example.org", REMOTE_ADDR=PROXY)
        assert response.status_code == 400
        assert "The site could not tell which network your request comes from" in response.content.decode()
    assert mail_server.mails == []
    assert not PasswordResetRequest.objects.exists()
    assert ask_for_reset(client, "marta.novak@example.org", **through_proxy(OFFICE)).status_code == 302
    assert len(mail_server.to("marta.novak@example.org")) == 1
