"""Admin accounts: sign-ins are throttled after repeated failures (django-axes), passwords must be strong,
and sessions end after a working day. Everything goes through the admin's real login and user forms."""

import datetime
import re

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
PASSWORD = "a long and correct password"
OFFICE, ELSEWHERE = "192.0.2.10", "198.51.100.7"


def sign_in(client, username, password, address=OFFICE, **headers):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"}, REMOTE_ADDR=address, **headers)


def without_tokens(response):
    return re.sub(r'"CSRF_TOKEN": "[^"]+"', "", response.content.decode())


def signed_in(client):
    return client.get("/admin/").status_code == 200


@pytest.fixture
def editors(django_user_model):
    return [django_user_model.objects.create_superuser(name, password=PASSWORD) for name in ("marta.novak", "colleague")]


def fail_until_locked(client, username, address=OFFICE, **headers):
    """Four failures get the login form's error; the fifth gets the lockout page."""
    for _attempt in range(4):
        response = sign_in(client, username, "wrong password", address, **headers)
        assert response.status_code == 200
        assert "Your username and password didn&#x27;t match" in response.content.decode()
    return sign_in(client, username, "wrong password", address, **headers)


def test_after_five_failures_even_the_right_password_is_refused_with_a_clear_page(client, editors):
    response = fail_until_locked(client, "marta.novak")
    assert response.status_code == 429
    assert int(response["Retry-After"]) == 15 * 60

    response = sign_in(client, "marta.novak", PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Signing in is paused" in page
    assert "paused for 15 minutes, even with the right password" in page
    assert "marta.novak" not in page
    assert not signed_in(client)


def test_the_lockout_does_not_tell_whether_the_user_exists(client, editors):
    existing = fail_until_locked(client, "marta.novak")
    unknown = fail_until_locked(client, "nobody-by-this-name")
    assert existing.status_code == unknown.status_code == 429
    # Word for word the same page, but for the form's CSRF token.
    assert without_tokens(existing) == without_tokens(unknown)
    assert "nobody-by-this-name" not in unknown.content.decode()


def test_another_user_and_another_address_are_not_affected(client, editors):
    fail_until_locked(client, "marta.novak")
    assert sign_in(client, "colleague", PASSWORD).status_code == 302
    assert signed_in(client)
    client.logout()
    assert sign_in(client, "marta.novak", PASSWORD, address=ELSEWHERE).status_code == 302
    assert signed_in(client)


def test_sign_in_works_again_after_the_cool_off(client, editors):
    fail_until_locked(client, "marta.novak")
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    assert sign_in(client, "marta.novak", PASSWORD).status_code == 302
    assert signed_in(client)
    # A successful sign-in starts the count again.
    assert not AccessAttempt.objects.filter(username="marta.novak").exists()


def test_an_administrator_can_lift_a_lockout_early(client, editors):
    fail_until_locked(client, "marta.novak")
    call_command("axes_reset_username", "marta.novak", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert sign_in(client, "marta.novak", PASSWORD).status_code == 302


@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
def test_behind_the_proxy_the_address_it_saw_counts_not_what_the_client_claims(client, editors):
    # The proxy appends the real address; whatever the client put in front of it changes nothing.
    for number in range(5):
        sign_in(client, "marta.novak", "wrong password", address="127.0.0.1", HTTP_X_FORWARDED_FOR=f"10.0.0.{number}, {OFFICE}")
    response = sign_in(client, "marta.novak", PASSWORD, address="127.0.0.1", HTTP_X_FORWARDED_FOR=f"10.9.9.9, {OFFICE}")
    assert response.status_code == 429
    response = sign_in(client, "marta.novak", PASSWORD, address="127.0.0.1", HTTP_X_FORWARDED_FOR=ELSEWHERE)
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("password", "error"),
    [
        ("Short1!", "This password is too short. It must contain at least 12 characters."),
        ("password1234", "This password is too common."),
        ("739182645501", "This password is entirely numeric."),
        ("newcomer@example.org", "The password is too similar to the"),
    ],
)
def test_weak_passwords_are_refused_in_the_admin(client, editors, django_user_model, password, error):
    client.force_login(editors[0])
    form = {
        "username": "newcomer",
        "email": "newcomer@example.org",
        "first_name": "New",
        "last_name": "Comer",
        "password1": password,
        "password2": password,
    }
    response = client.post("/admin/users/new/", form)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not django_user_model.objects.filter(username="newcomer").exists()

    strong = "Halden an der Mulde 1919"
    response = client.post("/admin/users/new/", {**form, "password1": strong, "password2": strong})
    assert response.status_code == 302
    assert django_user_model.objects.filter(username="newcomer").exists()


def test_a_session_ends_after_a_working_day(client, editors):
    before = timezone.now()
    assert sign_in(client, "marta.novak", PASSWORD).status_code == 302
    session = Session.objects.get()
    assert before + datetime.timedelta(hours=8) <= session.expire_date <= timezone.now() + datetime.timedelta(hours=8)
    assert signed_in(client)

    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
