from celery import shared_task

from projects.space import services


@shared_task
def end_pupil_logins() -> int:
    """Deactivate the pupil logins of archived projects (idempotent)."""
    return services.pupils_end_for_closed_projects()
