"""Settings of the eTwinning FWB portal.

The only module that reads the environment. Every value has a default that
works on a laptop with no services: SQLite, Celery tasks run eagerly, e-mail
written to the console. ``DATABASE_URL`` switches to PostgreSQL, ``REDIS_URL``
to a real Celery broker and a shared cache. The README lists every variable.
"""

from __future__ import annotations

from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from etwinning.env import env_bool, env_int, env_list, env_str, env_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("ETWINNING_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DJANGO_DEBUG", True)
_DEV_SECRET = "dev-only-insecure-key-change-me-in-production-0123456789abcdef"  # noqa: S105
SECRET_KEY = env_str("DJANGO_SECRET_KEY", _DEV_SECRET if DEBUG else "")
if not SECRET_KEY or (not DEBUG and SECRET_KEY == _DEV_SECRET):
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is false.")

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
# Absolute base used in e-mails (confirmation links, unsubscribe links...). Unset, it
# follows the port `make run PORT=8123` serves on.
SITE_URL = env_str("SITE_URL", f"http://127.0.0.1:{env_int('PORT', 8000, minimum=1)}").rstrip("/")

INSTALLED_APPS = [
    # modeltranslation must come before django.contrib.admin.
    "modeltranslation",
    # django.contrib.admin with the portal's site: allauth's login, a second factor for staff.
    "accounts.admin_site.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    # The second factor (TOTP + recovery codes): required of staff, optional for teachers.
    "allauth.mfa",
    "django_celery_beat",
    "django_htmx",
    "csp",
    # The one upload pipeline; low in the house, every app may import it.
    "uploads",
    # Deletes a replaced or deleted row's file after commit. Its ready() connects to every
    # model with a file field; all models are loaded before any ready() runs.
    "django_cleanup.apps.CleanupConfig",
    "accounts",
    # Verifiable, accessible certificates; foundation: the awarding apps call it.
    "certificates",
    # The notification centre: low in the house, the feature apps call notify().
    "notifications",
    "partners",
    "projects",
    "projects.space",
    "trainings",
    "bulletins",
    "labels",
    # Project kits: ready-made project ideas to found a project from (docs/kits.md).
    "kits",
    # Thematic groups of teachers: discussions, resources (docs/groups.md).
    "groups",
    # The portal's own pages (home, about, news, statistics): the top of the house.
    "portal",
    # Last: discovers every app's hooks.py once the apps are ready (etwinning/hooks.py).
    "etwinning",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: a logged-in teacher's preferred language wins on
    # URLs that carry no language prefix.
    "accounts.middleware.UserLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "etwinning.urls"
WSGI_APPLICATION = "etwinning.wsgi.application"
ASGI_APPLICATION = "etwinning.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "accounts.context_processors.portal",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
DATABASE_URL = env_url(
    "DATABASE_URL",
    f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
    schemes=("sqlite", "postgres", "postgresql", "pgsql"),
)
DATABASES = {"default": environ.Env.db_url_config(DATABASE_URL)}
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 0, minimum=0)
DATABASES["default"]["ATOMIC_REQUESTS"] = False
USING_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
# A read replica (streaming replication of the primary) for search: reads of the
# models in DATABASE_REPLICA_MODELS go there, writes never (etwinning/routers.py).
DATABASE_REPLICA_URL = env_url(
    "DATABASE_REPLICA_URL", "", schemes=("sqlite", "postgres", "postgresql", "pgsql")
)
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = environ.Env.db_url_config(DATABASE_REPLICA_URL)
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
    DATABASES["replica"]["ATOMIC_REQUESTS"] = False
    # Tests use the primary's test database for the replica alias.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
# PostgreSQL's JIT compiler pays off for long analytical queries only: on a
# portal's short queries (the search's filtered counts reach its cost
# threshold) compiling costs more than it saves. Overridable per URL
# (?options=...).
for _alias in DATABASES.values():
    if _alias["ENGINE"].endswith("postgresql"):
        _alias.setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DATABASE_ROUTERS = ["etwinning.routers.ReplicaRouter"]
DATABASE_REPLICA_MODELS = ["partners.SearchEntry", "partners.SearchWord"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: Celery broker and cache ----------------------------------------------
REDIS_URL = env_url("REDIS_URL", "", schemes=("redis", "rediss"))


def _redis_db(url: str, db: int) -> str:
    """The same Redis server, another database number (cache apart from the broker,
    so that flushing the cache never drops queued tasks)."""
    base, _sep, tail = url.rpartition("/")
    return f"{base}/{db}" if tail.isdigit() else f"{url.rstrip('/')}/{db}"


REDIS_CACHE_URL = env_url(
    "REDIS_CACHE_URL", _redis_db(REDIS_URL, 1) if REDIS_URL else "", schemes=("redis", "rediss")
)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_CACHE_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "etwinning"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sessions: in Redis (backed by the database, so a Redis restart logs nobody out)
# when several web machines share it; in the database otherwise.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if REDIS_URL
    else "django.contrib.sessions.backends.db"
)

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "default"
# Bulletin fan-out and chunks have their own queue: 400,000 messages must never
# delay interactive mail (sign-up confirmations, decisions...).
CELERY_TASK_ROUTES: dict[str, dict] = {
    "bulletins.tasks.fan_out_issue": {"queue": "bulletin"},
    "bulletins.tasks.send_chunk": {"queue": "bulletin"},
    # Interactive e-mail (decisions, invitations, notifications, reminders): its own
    # queue, so a bulletin fan-out never delays it. Glob patterns, matched in order.
    "accounts.tasks.send_*": {"queue": "mail"},
    "partners.tasks.notify_*": {"queue": "mail"},
    "projects.tasks.send_*": {"queue": "mail"},
    "labels.tasks.send_*": {"queue": "mail"},
    "trainings.tasks.send_*": {"queue": "mail"},
    "notifications.tasks.send_*": {"queue": "mail"},
}
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TIMEZONE = "Europe/Brussels"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Beat's database scheduler reads this once and stores it; staff may then edit
# the periodic tasks in admin.
CELERY_BEAT_SCHEDULE: dict[str, dict] = {
    "accounts-purge-unconfirmed": {
        "task": "accounts.tasks.purge_unconfirmed_accounts",
        "schedule": crontab(hour=3, minute=30),
    },
    # Proofs of employment deleted PROOF_RETENTION_DAYS after the staff's decision.
    "accounts-purge-decided-proofs": {
        "task": "accounts.tasks.purge_decided_proofs",
        "schedule": crontab(hour=3, minute=40),
    },
    # The staff's morning e-mail of what waits for them (once a day each, never empty).
    "accounts-staff-morning-digest": {
        "task": "accounts.tasks.send_staff_digests",
        "schedule": crontab(hour=7, minute=30),
    },
    # Reminder e-mails the day before a training (each registration reminded once).
    "trainings-send-reminders": {
        "task": "trainings.tasks.send_training_reminders",
        "schedule": crontab(minute=15),
    },
    # Bulletin: the month's drafts on the 1st, and due issues started every minute
    # (both idempotent: firing twice changes nothing).
    "bulletins-draft-monthly": {
        "task": "bulletins.tasks.draft_monthly_issues",
        "schedule": crontab(day_of_month=1, hour=6, minute=0),
    },
    "bulletins-start-due": {
        "task": "bulletins.tasks.start_due_issues",
        "schedule": crontab(),
    },
    # Safety net for deferred recipients whose follow-up pass was lost (idempotent).
    "bulletins-overdue-deferrals": {
        "task": "bulletins.tasks.send_overdue_deferrals",
        "schedule": crontab(minute="*/5"),
    },
    "bulletins-inbound-mail": {
        "task": "bulletins.tasks.process_inbound_mail",
        "schedule": crontab(minute="*/5"),
    },
    "partners-expire-announcements": {
        "task": "partners.tasks.expire_announcements",
        "schedule": crontab(hour=2, minute=15),
    },
    "labels-contest-reminders": {
        "task": "labels.tasks.send_contest_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
    "projects-sweep-approval-requests": {
        "task": "projects.tasks.sweep_approval_requests",
        "schedule": crontab(minute="*/30"),
    },
    # Notification digests (the sweep queues one send_digest per reader on the mail
    # queue; firing twice sends nothing twice) and the purge of old read notifications.
    "notifications-daily-digests": {
        "task": "notifications.tasks.sweep_daily_digests",
        "schedule": crontab(hour=7, minute=0),
    },
    "notifications-weekly-digests": {
        "task": "notifications.tasks.sweep_weekly_digests",
        "schedule": crontab(day_of_week=1, hour=7, minute=5),
    },
    "notifications-purge-read": {
        "task": "notifications.tasks.purge_read_notifications",
        "schedule": crontab(hour=3, minute=50),
    },
    "space-end-pupil-logins": {
        "task": "projects.space.tasks.end_pupil_logins",
        "schedule": crontab(hour=4, minute=10),
    },
}

# --- Authentication (django-allauth) -------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[eTwinning FWB] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if not DEBUG else "http"
ACCOUNT_RATE_LIMITS_ENABLED = env_bool("ACCOUNT_RATE_LIMITS_ENABLED", True)
if not ACCOUNT_RATE_LIMITS_ENABLED:
    ACCOUNT_RATE_LIMITS = False
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)
# Second factor (docs/authentication.md): codes of an authenticator app, recovery codes
# for a lost phone. Every staff account must use it before the admin opens.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "eTwinning FWB"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages ------------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [
    ("fr", _("Français")),
    ("nl", _("Nederlands")),
    ("de", _("Deutsch")),
    ("en", _("English")),
]
MODELTRANSLATION_DEFAULT_LANGUAGE = "fr"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("fr",)
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Brussels"
USE_TZ = True

# --- Static and media files -------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Media (proofs of employment, project space files) on S3-compatible object storage
# when a bucket is configured: every web and worker machine then sees the same files.
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    _MEDIA_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("AWS_S3_REGION_NAME", "") or None,
            "access_key": env_str("AWS_ACCESS_KEY_ID", "") or None,
            "secret_key": env_str("AWS_SECRET_ACCESS_KEY", "") or None,
            "location": env_str("AWS_LOCATION", "media"),
            # Private objects, short-lived signed URLs, never overwrite a file.
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": env_int("AWS_QUERYSTRING_EXPIRE", 300, minimum=1),
            "file_overwrite": False,
            "addressing_style": env_str("AWS_S3_ADDRESSING_STYLE", "") or None,
        },
    }
else:
    _MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _MEDIA_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10_485_760
PROOF_OF_EMPLOYMENT_MAX_BYTES = env_int("PROOF_OF_EMPLOYMENT_MAX_BYTES", 5 * 1024 * 1024, minimum=1)
# Every upload (uploads/pipeline.py): images with more pixels are refused before decoding.
UPLOAD_MAX_IMAGE_PIXELS = env_int("UPLOAD_MAX_IMAGE_PIXELS", 40_000_000, minimum=10_000)
# Data minimisation: a proof of employment is deleted this many days after the staff
# validated or refused the account (accounts.tasks.purge_decided_proofs).
PROOF_RETENTION_DAYS = env_int("PROOF_RETENTION_DAYS", 30, minimum=0)

# --- E-mail ---------------------------------------------------------------------
EMAIL_URL = env_str("EMAIL_URL", "consolemail://")
vars().update(environ.Env.email_url_config(EMAIL_URL))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "eTwinning FWB <etwinning@cfwb.be>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30, minimum=1)

# --- Security -----------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# No script reads the CSRF cookie (forms carry the token): keep it from scripts.
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31_536_000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", SECURE_HSTS_SECONDS > 0)
if env_bool("DJANGO_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True
# No inline script anywhere: every page's behaviour lives in a static JS file.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "media-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": ["https://www.youtube-nocookie.com", "https://player.vimeo.com"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- Logging --------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint logs each step of every certificate at INFO.
        "weasyprint": {"level": "WARNING"},
    },
}

# --- Portal rules (staff-tunable defaults) ------------------------------------------
# How long an account whose e-mail was never confirmed is kept.
UNCONFIRMED_ACCOUNT_DAYS = env_int("UNCONFIRMED_ACCOUNT_DAYS", 14, minimum=1)
# The staff desk (admin index, morning e-mail): a line whose oldest item waits longer
# than this many days stands out.
STAFF_QUEUE_LATE_DAYS = env_int("STAFF_QUEUE_LATE_DAYS", 7, minimum=1)

# Partner search spam control: what one teacher may send per rolling 24 hours, and
# how many people may receive the same text (identical mass messages are refused).
PARTNERS_CONTACT_REQUESTS_PER_DAY = env_int("PARTNERS_CONTACT_REQUESTS_PER_DAY", 20, minimum=1)
PARTNERS_MESSAGES_PER_DAY = env_int("PARTNERS_MESSAGES_PER_DAY", 100, minimum=1)
PARTNERS_ANNOUNCEMENTS_PER_DAY = env_int("PARTNERS_ANNOUNCEMENTS_PER_DAY", 3, minimum=1)
PARTNERS_IDENTICAL_MESSAGE_RECIPIENTS = env_int(
    "PARTNERS_IDENTICAL_MESSAGE_RECIPIENTS", 3, minimum=1
)
# Search counts (total, facets) are exact up to this many matching rows, then shown
# as lower bounds ("5 000+"): counting stops after that many matches, however broad
# the search (docs/partner-search.md).
PARTNERS_FACET_EXACT_LIMIT = env_int("PARTNERS_FACET_EXACT_LIMIT", 5000, minimum=10)

# --- Notification centre -----------------------------------------------------------------
# Read notifications are deleted this many days after they were read (unread ones stay).
NOTIFICATIONS_READ_RETENTION_DAYS = env_int("NOTIFICATIONS_READ_RETENTION_DAYS", 90, minimum=1)

# --- Trainings, news and statistics ------------------------------------------------------
# How long the public statistics and the home page's sections are cached (seconds).
TRAININGS_STATS_CACHE_SECONDS = env_int("TRAININGS_STATS_CACHE_SECONDS", 600, minimum=0)
TRAININGS_HOME_CACHE_SECONDS = env_int("TRAININGS_HOME_CACHE_SECONDS", 120, minimum=0)

# --- Bulletin « Liaison eTwinning » -------------------------------------------------------
# Delivery rows per chunk task (one SMTP connection per chunk).
BULLETIN_CHUNK_SIZE = env_int("BULLETIN_CHUNK_SIZE", 500, minimum=1)
# A row claimed for sending longer ago than this (seconds) belongs to a dead
# execution and may be re-claimed: keep it above EMAIL_TIMEOUT.
BULLETIN_CLAIM_STALE_SECONDS = env_int(
    "BULLETIN_CLAIM_STALE_SECONDS", 2 * EMAIL_TIMEOUT + 30, minimum=1
)
# Transient SMTP errors: first retry after this many seconds, doubling, capped.
BULLETIN_RETRY_BACKOFF = env_int("BULLETIN_RETRY_BACKOFF", 30, minimum=1)
BULLETIN_RETRY_BACKOFF_MAX = env_int("BULLETIN_RETRY_BACKOFF_MAX", 1800, minimum=1)
# Sending chunks commit their delivery marks without waiting for the disk flush
# (PostgreSQL synchronous_commit=off, chunk only): see the README's trade-off.
BULLETIN_ASYNC_COMMIT = env_bool("BULLETIN_ASYNC_COMMIT", True)
# After this many attempts a recipient's row is marked failed.
BULLETIN_MAX_ATTEMPTS = env_int("BULLETIN_MAX_ATTEMPTS", 8, minimum=1)
# The mailto: of List-Unsubscribe (requests are handled by the service's mailbox).
BULLETIN_UNSUBSCRIBE_MAILTO = env_str("BULLETIN_UNSUBSCRIBE_MAILTO", "etwinning@cfwb.be")
# Envelope sender (Return-Path) of bulletin messages, VERP-style: "bounces@domain"
# sends from "bounces+<row>-<hmac>@domain". Empty: DEFAULT_FROM_EMAIL's address.
BULLETIN_BOUNCE_ADDRESS = env_str("BULLETIN_BOUNCE_ADDRESS", "")
# The Maildir where the MTA delivers the mailto-unsubscribe and bounce addresses;
# processed every few minutes by beat (empty: nothing to process).
BULLETIN_INBOUND_MAILDIR = env_str("BULLETIN_INBOUND_MAILDIR", "")
# Permanent bounces (RFC 3464, 5.x.x) after which an address is unsubscribed.
BULLETIN_BOUNCE_LIMIT = env_int("BULLETIN_BOUNCE_LIMIT", 2, minimum=1)
# Language of the messages to school contact addresses, per service code.
BULLETIN_SERVICE_LANGUAGES = {"be-vl": "nl", "be-dg": "de"}

# --- Partner search ----------------------------------------------------------------------

# --- Labels and the FWB prize contest ----------------------------------------------------
# Days before the contest deadline at which FWB teachers of active projects are reminded.
LABELS_REMINDER_DAYS = {"month": 30, "week": 7}
# A project is "nearly finished" (may apply for the National Quality Label) when its
# planned end is at most this many days away.
LABELS_NEARLY_FINISHED_DAYS = env_int("LABELS_NEARLY_FINISHED_DAYS", 60, minimum=0)

# --- Projects ----------------------------------------------------------------------------
# Approval notices the staff never received are sent by a half-hourly sweep, once the
# notice queued at acceptance has had this long to go out.
PROJECTS_APPROVAL_NOTICE_GRACE_MINUTES = env_int(
    "PROJECTS_APPROVAL_NOTICE_GRACE_MINUTES", 15, minimum=1
)

# --- Project space (TwinSpace) -----------------------------------------------------------
# Uploads: bytes per file, bytes per project (all its files), pixels per image
# (decompression bombs are refused before decoding).
SPACE_MAX_UPLOAD_BYTES = env_int("SPACE_MAX_UPLOAD_BYTES", 10 * 1024 * 1024, minimum=1024)
SPACE_PROJECT_QUOTA_BYTES = env_int("SPACE_PROJECT_QUOTA_BYTES", 500 * 1024 * 1024, minimum=1024)
SPACE_MAX_IMAGE_PIXELS = env_int("SPACE_MAX_IMAGE_PIXELS", 40_000_000, minimum=10_000)
# Pupil login guessing (allauth's rate limiting): failed attempts allowed per pupil login
# per window, and from one client address (a whole class behind one school NAT) per window.
SPACE_PUPIL_LOGIN_ATTEMPTS = env_int("SPACE_PUPIL_LOGIN_ATTEMPTS", 10, minimum=1)
SPACE_PUPIL_LOGIN_ATTEMPTS_PER_ADDRESS = env_int(
    "SPACE_PUPIL_LOGIN_ATTEMPTS_PER_ADDRESS", 100, minimum=1
)
SPACE_PUPIL_LOGIN_WINDOW_SECONDS = env_int("SPACE_PUPIL_LOGIN_WINDOW_SECONDS", 900, minimum=1)
