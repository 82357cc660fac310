import io

import pytest

from projects.models import Project, ProjectState

pytestmark = pytest.mark.django_db


def test_demo_seed_builds_projects_in_several_states_and_is_idempotent():
    from accounts import demo as accounts_demo
    from projects import demo

    accounts_demo.seed(io.StringIO())
    demo.seed(io.StringIO())
    demo.seed(io.StringIO())

    states = dict(Project.objects.values_list("title", "state"))
    assert len(states) == len(demo.PROJECTS)
    assert set(states.values()) >= {
        ProjectState.ACTIVE,
        ProjectState.FINISHED,
        ProjectState.AWAITING_APPROVAL,
        ProjectState.AWAITING_PARTNER,
    }
