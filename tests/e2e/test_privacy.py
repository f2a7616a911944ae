from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from tests.inducult.factories import StandardPageFactory, build_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIDEO_HOST = "video.example.org"


@pytest.fixture
def site(transactional_db):
    home = build_site(
        highlights=[
            (
                "video",
                {
                    "title": "Movie on Industrial Culture",
                    "text": "",
                    "url": f"https://{VIDEO_HOST}/watch/trailer",
                    "embed_url": f"https://{VIDEO_HOST}/embed/trailer",
                    "provider": VIDEO_HOST,
                },
            )
        ]
    )
    StandardPageFactory(parent=home, title="Privacy", slug="privacy", body=[("privacy_choices", None)])
    return home


def test_video_loads_only_after_consent_and_the_choice_can_be_withdrawn(site, live_server, page):
    requests = []
    page.on("request", lambda request: requests.append(urlparse(request.url).hostname))
    page.route(f"https://{VIDEO_HOST}/**", lambda route: route.fulfill(body="<p>player</p>", content_type="text/html"))

    # goto returns after the load event: consent.js (deferred) has run and left the placeholder in place
    # of the player, so nothing was asked of the video host.
    page.goto(f"{live_server.url}/en/")
    placeholder = page.locator("[data-consent-video]")
    expect(placeholder).to_contain_text(f"sends your IP address and browser details to {VIDEO_HOST}")
    assert page.evaluate("typeof window.inducultConsent") == "object"
    assert VIDEO_HOST not in requests

    placeholder.get_by_role("checkbox").check()
    # The player frame loads lazily; on a busy machine that can come after the network first goes idle.
    with page.expect_request(f"https://{VIDEO_HOST}/embed/trailer"):
        placeholder.get_by_role("button", name=f"Load the video from {VIDEO_HOST}").click()
    expect(page.locator("iframe.video-embed__frame")).to_have_attribute("src", f"https://{VIDEO_HOST}/embed/trailer")
    assert VIDEO_HOST in requests

    # Remembered: the next visit loads the player without asking.
    page.reload()
    expect(page.locator("iframe.video-embed__frame")).to_have_count(1)

    # Withdrawn on the privacy page: the next visit asks again and sends nothing.
    page.goto(f"{live_server.url}/en/privacy/")
    choices = page.locator("[data-consent-settings]")
    expect(choices).to_contain_text(VIDEO_HOST)
    choices.get_by_role("button", name=f"Withdraw: {VIDEO_HOST}").click()
    expect(choices.locator("[data-consent-empty]")).to_be_visible()

    requests.clear()
    page.goto(f"{live_server.url}/en/")
    expect(page.locator("[data-consent-video]")).to_have_count(1)
    assert page.evaluate("typeof window.inducultConsent") == "object"
    assert VIDEO_HOST not in requests
