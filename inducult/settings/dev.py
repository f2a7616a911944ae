"""Local development: DEBUG on, an SQLite file in the checkout, a throw-away secret key."""

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-never-used-in-production")  # noqa: F405, S105
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")  # noqa: F405
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
# Loaded by load_demo_content only under these settings: the demo superuser must never exist in production.
DEMO_CONTENT_ALLOWED = True
# Without a mail server each mail becomes one .eml file in sent-mail/ (git-ignored): open it in any mail
# program or read it as text.
if not EMAIL_HOST:  # noqa: F405
    EMAIL_BACKEND = "inducult.mail.MailFolderBackend"
    EMAIL_FILE_PATH = Path(os.environ.get("EMAIL_FILE_PATH") or BASE_DIR / "sent-mail")  # noqa: F405
