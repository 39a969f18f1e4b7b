"""The system acts as SYSTEM: allowed everything, recorded as no user; None is nobody."""

import pytest

from shequ.core.actors import SYSTEM
from shequ.core.errors import NotFound
from shequ.core.models import AuditEvent
from shequ.courses import services
from shequ.courses.models import Course, CourseKind


def test_the_system_runs_a_course_and_the_audit_row_names_no_user(tree):
    course = services.course_create(actor=SYSTEM, community=tree.community, title="市民夜校",
                                    kind=CourseKind.NIGHT_SCHOOL)
    assert course.created_by is None
    row = AuditEvent.objects.get(entity="course", entity_id=str(course.pk), action="create")
    assert row.actor is None and row.actor_name == "system"


def test_nobody_is_not_the_system(tree):
    with pytest.raises(NotFound):
        services.course_create(actor=None, community=tree.community, title="市民夜校",
                               kind=CourseKind.NIGHT_SCHOOL)
    assert not Course.objects.exists()
