"""How the apps contribute to each other's pages: one registry, one loader, one error policy.

Each app declares what it adds to other apps' pages in its own ``hooks.py``, next to
its code, the way Wagtail's ``wagtail_hooks.py`` and Django admin's ``admin.py`` work::

    # labels/hooks.py
    from etwinning import hooks

    @hooks.register("project_public_panels", order=10)
    def quality_labels(project): ...

A reader finds everything the labels app adds to other pages by opening
``labels/hooks.py``. Every ``hooks.py`` is imported at start-up (``EtwinningConfig.ready``):

- a contribution that cannot be imported, or registers under a name listed nowhere in
  :data:`HOOKS`, stops start-up;
- the system check ``etwinning.H001`` refuses a contribution whose signature cannot
  take the arguments its hook is called with;
- a contribution that raises at run time is logged with its dotted name, reported to
  the caller's ``on_error`` (the bulletin writes it into the draft staff review) and,
  on a page a staff member is viewing, shown to them as a message. It never takes the
  page down for the teachers, and it is never silently swallowed.

Hand-written (about 100 lines) rather than a dependency: the small "django hooks"
packages on PyPI are unmaintained, and Django's ``autodiscover_modules`` does the
discovery.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Hook:
    """What a contribution to ``name`` receives and returns."""

    params: tuple[str, ...]
    doc: str
    keyword_only: bool = False


HOOKS: dict[str, Hook] = {
    "demo_seeders": Hook(("stdout",), "Seeds the app's demo data; returns nothing."),
    "dashboard_panels": Hook(("user",), "A panel of the teacher's dashboard, or None."),
    "user_data_exporters": Hook(("user",), "The app's part of a GDPR export, as a dict."),
    "teacher_changed": Hook(("teacher_id",), "Runs after commit of a profile/status change."),
    "school_changed": Hook(("school_id",), "Runs after commit of a school's indexed fields."),
    "home_sections": Hook(("request",), "A section of the home page ({'template': …}) or None."),
    "statistics_figures": Hook(
        ("service",),
        "The app's charts of the statistics pages (every service, or one): "
        "list[accounts.showcase.Figure].",
    ),
    "bulletin_sections": Hook(
        ("service", "issue_month"),
        "The automatic sections a service's monthly draft proposes: list[SectionDraft].",
        keyword_only=True,
    ),
    "bulletin_personal_lines": Hook(
        ("issue_month", "sources", "readers", "memo"),
        "Rewrites one automatic section per reader when an issue goes out, for a whole "
        "chunk of teachers at once (readers: {user id: language}; sources: the issue's "
        "section sources; memo: a dict kept for one issue by one worker, for what is read "
        "once per issue): bulletins.sections.PersonalLines, or None.",
        keyword_only=True,
    ),
    "project_public_panels": Hook(("project",), "A panel of a project's public page, or None."),
    "project_found_initial": Hook(
        ("request",),
        "Initial values of the project founding form (a dict of its fields: title, summary, "
        "subjects, age_min, age_max…, and an optional 'notice': a translated line shown "
        "above the form), or None; read from the request's query (?kit=3).",
    ),
    "project_founded": Hook(
        ("project", "origin"),
        "Runs inside the founding transaction; origin: the founding page's query "
        "parameters (a dict of str, e.g. {'kit': '3'}).",
    ),
    "project_activated": Hook(
        ("project",),
        "Runs inside the transaction that opens the project (every service approved): "
        "its space exists from now on.",
    ),
    "project_gallery_filters": Hook(
        ("queryset", "params"), "(filtered queryset, filter description or None)."
    ),
    "teacher_profile_panels": Hook(("teacher",), "A panel of a teacher's profile, or None."),
    "notification_kinds": Hook((), "The app's notification kinds: list[notifications.kinds.Kind]."),
    "profile_links": Hook(
        ("user",), "A link under « Mon profil » ({'url', 'label', 'description'}), or None."
    ),
    "staff_queue": Hook(
        ("user", "service_id"),
        "What waits for a staff member in one service (None: every service), on the admin "
        "index and in the morning e-mail: list[accounts.admin_queue.QueueLine].",
        keyword_only=True,
    ),
}

_registry: dict[str, list[tuple[int, Callable]]] = {name: [] for name in HOOKS}


def register(name: str, fn: Callable | None = None, *, order: int = 0):
    """Register ``fn`` under ``name`` (as a decorator, or called directly).
    Contributions run by ascending ``order``, then in registration order."""
    if name not in HOOKS:
        raise ImproperlyConfigured(
            f"Unknown hook {name!r} (known: {', '.join(sorted(HOOKS))}); see etwinning/hooks.py."
        )

    def decorator(function: Callable) -> Callable:
        entries = _registry[name]
        if all(existing is not function for _order, existing in entries):
            entries.append((order, function))
            entries.sort(key=lambda entry: entry[0])
        return function

    return decorator(fn) if fn is not None else decorator


def get_hooks(name: str) -> list[Callable]:
    if name not in HOOKS:
        raise ImproperlyConfigured(f"Unknown hook {name!r}.")
    return [function for _order, function in _registry[name]]


@contextmanager
def replaced(name: str, *functions: Callable) -> Iterator[None]:
    """Within the block, ``name``'s contributions are exactly ``functions`` (for tests)."""
    saved = _registry[name]
    _registry[name] = [(0, function) for function in functions]
    try:
        yield
    finally:
        _registry[name] = saved


def dotted_name(function: Callable) -> str:
    return f"{function.__module__}.{function.__qualname__}"


def call(
    name: str,
    *args: Any,
    request=None,
    on_error: Callable[[str, BaseException], None] | None = None,
    **kwargs: Any,
) -> list[Any]:
    """Call every contribution to ``name`` with the arguments and return their results,
    ``None`` left out. A contribution that raises is reported (see the module's docstring)."""
    return run_each(
        name, lambda function: function(*args, **kwargs), request=request, on_error=on_error
    )


def run_each(
    name: str,
    invoke: Callable[[Callable], Any],
    *,
    request=None,
    on_error: Callable[[str, BaseException], None] | None = None,
) -> list[Any]:
    """``invoke(contribution)`` for every contribution to ``name``, in order, under the
    error policy; for hooks whose contributions chain (each refines a queryset)."""
    results = []
    for function in get_hooks(name):
        try:
            result = invoke(function)
        except Exception as error:
            _report(name, function, error, request=request, on_error=on_error)
            continue
        if result is not None:
            results.append(result)
    return results


def _report(name: str, function: Callable, error: Exception, *, request, on_error) -> None:
    where = dotted_name(function)
    logger.exception("Contribution %s to hook %r failed", where, name)
    if on_error is not None:
        on_error(where, error)
    if request is not None and getattr(getattr(request, "user", None), "is_staff", False):
        messages.error(
            request,
            _("Une partie de cette page n'a pas pu être affichée (%(name)s) : %(error)s")
            % {"name": where, "error": error},
        )


def autodiscover() -> None:
    """Import every installed app's ``hooks`` module; an import error stops start-up."""
    autodiscover_modules("hooks")


@checks.register()
def check_contributions(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """etwinning.H001: each contribution can take the arguments its hook passes."""
    errors = []
    for name, hook in HOOKS.items():
        for function in get_hooks(name):
            try:
                signature = inspect.signature(function)
                if hook.keyword_only:
                    signature.bind(**dict.fromkeys(hook.params))
                else:
                    signature.bind(*hook.params)
            except (TypeError, ValueError) as error:
                errors.append(
                    checks.Error(
                        f"{dotted_name(function)} cannot be called as a {name!r} hook: {error}.",
                        hint=f"A {name!r} contribution takes {hook.params}. {hook.doc}",
                        obj=function,
                        id="etwinning.H001",
                    )
                )
    return errors
