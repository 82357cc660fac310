"""The read filters other apps rely on."""

from __future__ import annotations

import pytest

from accounts.tests.factories import service
from projects.models import MemberStatus, Project, ProjectState
from projects.tests.factories import active_project, member, teacher_in

pytestmark = pytest.mark.django_db


def test_queryset_filters():
    liege, lisboa, gent = teacher_in("be-fwb"), teacher_in("pt"), teacher_in("be-vl")
    public = active_project(liege, lisboa, title="Public")
    private = active_project(gent, teacher_in("dk"), title="Privé", is_public=False)
    finished = active_project(teacher_in("be-fwb"), teacher_in("es"), title="Fini")
    finished.state = ProjectState.FINISHED
    finished.save()
    archived = active_project(teacher_in("be-fwb"), teacher_in("es"), title="Archivé")
    archived.state = ProjectState.ARCHIVED
    archived.save()
    member(private, liege, status=MemberStatus.INVITED)

    def titles(qs):
        return sorted(qs.values_list("title", flat=True))

    assert titles(Project.objects.active()) == ["Privé", "Public"]
    assert titles(Project.objects.opened()) == ["Archivé", "Fini", "Privé", "Public"]
    assert titles(Project.objects.visible_publicly()) == ["Fini", "Public"]
    assert titles(Project.objects.for_service(service("be-vl"))) == ["Privé"]
    assert titles(Project.objects.for_service(service("pt"))) == ["Public"]
    assert titles(Project.objects.for_service(None)) == titles(Project.objects.all())
    # An invitation is not a membership.
    assert titles(Project.objects.involving(liege)) == ["Public"]
    assert [c.code for c in public.countries()] == ["BE", "PT"]
