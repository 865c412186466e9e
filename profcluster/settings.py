"""Settings of profcluster. Everything that differs between machines comes from the environment."""

from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from profcluster.core.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent

DEBUG = env_bool("DEBUG", default=False)

# A development key is accepted only with DEBUG on; production must bring its own.
_DEV_SECRET_KEY = "dev-insecure-profcluster-key-never-use-in-production"
SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET_KEY if DEBUG else "")
if not DEBUG and (not SECRET_KEY or SECRET_KEY == _DEV_SECRET_KEY or len(SECRET_KEY) < 32):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random string of at least 32 characters when DEBUG is off."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_htmx",
    "simple_history",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "profcluster.core",
    "profcluster.reference",
    "profcluster.organisations",
    "profcluster.clusters",
    "profcluster.finance",
    "profcluster.governance",
    "profcluster.staff",
    "profcluster.education",
    "profcluster.imports",
    "profcluster.selection",
    # Indicators read every other register, so they come after them.
    "profcluster.kpi",
    # Last: roles point at clusters and organisations, and its demo users come after the data they see.
    "profcluster.accounts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "profcluster.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: sends the reads of dashboards and exports to the read replica, when there is one.
    "profcluster.core.dbrouting.ReplicaMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Records the acting user on every history row.
    "simple_history.middleware.HistoryRequestMiddleware",
    # After any request that may have written, the cached boards are old (core.datacache).
    "profcluster.core.datacache.DataChangeMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes requires: it counts failed sign-ins and locks the account/address pair.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "profcluster.urls"
WSGI_APPLICATION = "profcluster.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            "builtins": ["profcluster.core.templatetags.profcluster"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{PROJECT_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiler spent 1.6 s compiling the dashboards' grouped aggregates, which then ran in
    # 24 ms (bench/, scale 0.2): these short analytical queries never repay the compilation.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
# An optional streaming replica of the primary takes the reads of the heavy, read-only pages (docs/deploy.md).
if _replica_url := env_str("DATABASE_REPLICA_URL", ""):
    DATABASES["replica"] = dj_database_url.parse(
        _replica_url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60), conn_health_checks=True
    )
    if DATABASES["replica"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["replica"].setdefault("OPTIONS", {})["options"] = "-c jit=off"  # as on the primary
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}  # tests have one database, seen through both
DATABASE_ROUTERS = ["profcluster.core.dbrouting.ReplicaRouter"]
# URL names whose GET requests read from the replica; any `?export=` does too.
DATABASE_REPLICA_URL_NAMES = ["kpi:federal", "kpi:region", "kpi:cluster", "finance:index"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A shared cache (Redis) when REDIS_URL is set, for all workers and hosts; otherwise each process has its own.
if _redis_url := env_str("REDIS_URL", ""):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _redis_url}}
# The federal and regional boards' data are cached until the next write, at most this long (core.datacache).
# A per-process cache cannot carry one worker's "the data changed" to another, so it is off unless shared.
BOARD_CACHE_SECONDS = env_int("BOARD_CACHE_SECONDS", 600 if _redis_url else 0)
# With a read replica, a board computed this soon after a write is kept only this long: it may lack the write.
BOARD_CACHE_REPLICA_LAG_SECONDS = env_int("BOARD_CACHE_REPLICA_LAG_SECONDS", 30)
# After a write, the federal boards are computed again by the job queue before anyone asks (core.datacache).
BOARD_WARM = env_bool("BOARD_WARM", bool(_redis_url))

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses sign-in while locked out, before checking the password
    "django.contrib.auth.backends.ModelBackend",
]
# Five wrong passwords for one account from one address lock that pair for an hour.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Russian")), ("en", _("English"))]
MEDIA_ROOT = env_str("MEDIA_ROOT", str(PROJECT_DIR / "media"))  # uploaded files live outside the code tree
# Each app keeps its own catalogue in <app>/locale, found by Django without LOCALE_PATHS.
USE_I18N = True
# dd.mm.yyyy in both languages: the users' documents are Russian whatever the interface language.
FORMAT_MODULE_PATH = ["profcluster.formats"]

TIME_ZONE = env_str("TIME_ZONE", "Europe/Moscow")
try:
    ZoneInfo(TIME_ZONE)
except (ZoneInfoNotFoundError, ValueError):
    raise ImproperlyConfigured(f"TIME_ZONE={TIME_ZONE!r} is not a known time zone.") from None
USE_TZ = True  # timestamps are stored in UTC and shown in TIME_ZONE

STATIC_URL = "static/"
STATIC_ROOT = env_str("STATIC_ROOT", str(PROJECT_DIR / "staticfiles"))
# Front-end packages come from the npm registry through package-lock.json (`npm ci`), never from a CDN.
STATICFILES_DIRS = [
    ("vendor/bootstrap", PROJECT_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", PROJECT_DIR / "node_modules" / "bootstrap-icons" / "font"),
]

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)  # a working day
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")  # the proxy in front terminates TLS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# No inline scripts anywhere: every script is a file of our own origin. Inline styles stay allowed because
# server-rendered SVG charts carry their own <style>.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

PAGINATE_BY = 25
# A list export with more rows than this is written by the background worker and downloaded from its job page,
# so the request never outlives the proxy's timeout.
EXPORT_SYNC_MAX_ROWS = env_int("EXPORT_SYNC_MAX_ROWS", 5_000)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",  # for programs: tokens a user creates and revokes in its profile
        "rest_framework.authentication.SessionAuthentication",  # for the browser
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "profcluster.core.filters.FilterBackend",
        "rest_framework.filters.OrderingFilter",
        "rest_framework.filters.SearchFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "profcluster.core.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "profcluster.core.api.exception_handler",
    "COERCE_DECIMAL_TO_STRING": True,  # money travels as "130000000.00", never as a float
}
SPECTACULAR_SETTINGS = {
    "TITLE": "profcluster API",
    "DESCRIPTION": "Registers of the «Профессионалитет» clusters, scoped to the caller's roles.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI and ReDoc assets come from the drf-spectacular-sidecar package, not from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Two registers have a "source" field with different choices: name both enums in the schema.
    "ENUM_NAME_OVERRIDES": {
        "FundingSourceEnum": "profcluster.finance.models.Source",
        "EmploymentDataSourceEnum": "profcluster.education.models.EmploymentRecord.Source",
    },
}
REST_KNOX = {"TOKEN_TTL": None, "AUTO_REFRESH": False}  # tokens live until their owner revokes them

# Background work (large imports, exports, reports) runs in `profcluster db_worker`, stored in the database.
TASKS = {"default": {"BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint logs each rendering step at INFO: one PDF would fill the log.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
