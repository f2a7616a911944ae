"""The release digest that cached entries carry (inducult.release): the same for the same files wherever they
lie, another one when anything that shapes a page changes."""

from django.conf import settings

from inducult.release import code_release


def release_folder(folder, template="<h1>{{ page.title }}</h1>"):
    (folder / "templates").mkdir(parents=True, exist_ok=True)
    (folder / "templates" / "page.html").write_text(template)
    (folder / "core").mkdir(exist_ok=True)
    (folder / "core" / "models.py").write_text("TITLE = 1\n")
    return folder


def test_the_same_release_on_two_servers_has_the_same_digest_and_a_changed_template_another(tmp_path):
    first = code_release(release_folder(tmp_path / "server-1"))
    assert first == code_release(release_folder(tmp_path / "server-2"))
    assert first != code_release(release_folder(tmp_path / "server-3", template="<h1>{{ page.seo_title }}</h1>"))


def test_cache_keys_carry_the_release():
    assert settings.CACHE_KEY_PREFIX.endswith(f":{settings.RELEASE}") and len(settings.RELEASE) >= 12
