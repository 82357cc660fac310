"""Each service of the groups app: what it writes, what it refuses."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from accounts.models import TeacherStatus
from accounts.tests.factories import StaffFactory, service
from groups import services
from groups.models import (
    Group,
    GroupStatus,
    JoinPolicy,
    MemberRole,
    Membership,
    MembershipStatus,
    Post,
    ResourceKind,
    Thread,
    ThreadFollow,
)
from groups.tests.factories import fwb_teacher, make_group, make_world
from notifications.models import Notification
from partners import services as partner_services
from partners.models import Report, ReportKind, ReportStatus
from uploads.tests.files import pdf_bytes

pytestmark = pytest.mark.django_db


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


# --- proposing, creating, approving ------------------------------------------------------


def test_a_teacher_proposes_a_group_to_their_service_and_moderates_it(
    django_capture_on_commit_callbacks,
):
    teacher = fwb_teacher()
    group = services.group_propose(
        by=teacher, title=" Lecture ", description="Des clubs de lecture.", theme="arts"
    )
    assert (group.status, group.service_id, group.title_fr) == (
        GroupStatus.PROPOSED,
        service("be-fwb").pk,
        "Lecture",
    )
    membership = Membership.objects.get(group=group)
    assert (membership.user, membership.role, membership.status) == (
        teacher,
        MemberRole.MODERATOR,
        MembershipStatus.ACTIVE,
    )


def test_a_pending_teacher_cannot_propose_a_group():
    with pytest.raises(PermissionDenied):
        services.group_propose(
            by=fwb_teacher(status=TeacherStatus.PENDING), title="X", description="Y", theme="stem"
        )
    assert not Group.objects.exists()


def test_a_proposed_group_is_approved_by_its_service_staff_only():
    group = services.group_propose(by=fwb_teacher(), title="T", description="D", theme="stem")
    with pytest.raises(PermissionDenied):
        services.group_approve(group=group, by=StaffFactory(staff_service=service("be-vl")))
    group.refresh_from_db()
    assert group.status == GroupStatus.PROPOSED
    services.group_approve(group=group, by=StaffFactory(staff_service=service("be-fwb")))
    group.refresh_from_db()
    assert group.status == GroupStatus.APPROVED and group.approved_at is not None


def test_staff_create_groups_for_their_own_service_only():
    staff = StaffFactory(staff_service=service("be-fwb"))
    with pytest.raises(PermissionDenied):
        services.group_create(
            by=staff, title="T", description="D", theme="stem", service_id=service("be-vl").pk
        )
    group = services.group_create(
        by=staff,
        title={"fr": "Langues", "nl": "Talen", "de": "Sprachen", "en": "Languages"},
        description="D",
        theme="languages",
        service_id=service("be-fwb").pk,
        featured=True,
    )
    assert (group.title_nl, group.status, group.featured) == ("Talen", "approved", True)


def test_the_image_goes_through_the_upload_pipeline():
    with pytest.raises(ValidationError):
        services.group_propose(
            by=fwb_teacher(),
            title="T",
            description="D",
            theme="stem",
            image=_upload("x.jpg", b"<svg onload=alert(1)></svg>"),
        )
    assert not Group.objects.exists()


# --- joining -----------------------------------------------------------------------------


def test_joining_an_open_group_makes_an_active_member_at_once():
    group = make_group()
    teacher = fwb_teacher()
    membership = services.group_join(group=group, user=teacher)
    assert membership.status == MembershipStatus.ACTIVE and membership.joined_at is not None


def test_joining_a_group_on_request_waits_for_a_moderator(django_capture_on_commit_callbacks):
    world = make_world(policy=JoinPolicy.REQUEST)
    request = services.group_join(group=world.group, user=world.teacher)
    assert request.status == MembershipStatus.REQUESTED
    with pytest.raises(PermissionDenied):
        services.membership_accept(membership=request, by=world.member)
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_accept(membership=request, by=world.moderator)
    request.refresh_from_db()
    assert request.status == MembershipStatus.ACTIVE
    assert Notification.objects.filter(recipient=world.teacher, kind="groups.accepted").count() == 1


def test_a_group_by_invitation_cannot_be_joined_but_an_invitation_is_accepted(
    django_capture_on_commit_callbacks,
):
    world = make_world(policy=JoinPolicy.INVITATION)
    with pytest.raises(PermissionDenied):
        services.group_join(group=world.group, user=world.teacher)
    assert not Membership.objects.filter(user=world.teacher).exists()
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.membership_invite(
            group=world.group, teacher=world.teacher, by=world.moderator
        )
    assert Notification.objects.filter(recipient=world.teacher, kind="groups.invited").exists()
    services.group_join(group=world.group, user=world.teacher)
    invitation.refresh_from_db()
    assert invitation.status == MembershipStatus.ACTIVE


def test_a_member_cannot_invite():
    world = make_world()
    with pytest.raises(PermissionDenied):
        services.membership_invite(group=world.group, teacher=world.teacher, by=world.member)


def test_the_database_keeps_one_membership_per_user_and_group():
    world = make_world()
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            group=world.group, user=world.member, status=MembershipStatus.REQUESTED
        )


def test_the_database_refuses_a_moderator_who_is_not_active():
    world = make_world()
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            group=world.group,
            user=world.teacher,
            role=MemberRole.MODERATOR,
            status=MembershipStatus.REQUESTED,
        )


def test_joining_twice_keeps_one_membership():
    group = make_group()
    teacher = fwb_teacher()
    services.group_join(group=group, user=teacher)
    with pytest.raises(PermissionDenied):
        services.group_join(group=group, user=teacher)
    assert Membership.objects.filter(group=group, user=teacher).count() == 1


# --- removing ----------------------------------------------------------------------------


def test_a_moderator_removes_a_member_but_not_another_moderator():
    world = make_world()
    services.member_set_role(
        membership=Membership.objects.get(user=world.other), by=world.moderator, role="moderator"
    )
    with pytest.raises(PermissionDenied):
        services.member_remove(
            membership=Membership.objects.get(user=world.other), by=world.moderator
        )
    services.member_remove(membership=Membership.objects.get(user=world.member), by=world.moderator)
    assert not Membership.objects.filter(user=world.member).exists()


def test_the_last_moderator_cannot_leave():
    world = make_world()
    with pytest.raises(ValidationError):
        services.member_remove(
            membership=Membership.objects.get(user=world.moderator), by=world.moderator
        )
    assert Membership.objects.filter(user=world.moderator).exists()


# --- threads and posts -------------------------------------------------------------------


def test_a_new_thread_notifies_the_members_who_follow_the_group(
    django_capture_on_commit_callbacks,
):
    world = make_world()
    Membership.objects.filter(user=world.other).update(follows_activity=False)
    with django_capture_on_commit_callbacks(execute=True):
        thread = services.thread_create(
            group=world.group, by=world.member, title="Photos", body="Quelles règles ?"
        )
    notified = set(
        Notification.objects.filter(kind="groups.thread").values_list("recipient", flat=True)
    )
    assert notified == {world.moderator.pk}  # not the author, not who unfollowed
    assert ThreadFollow.objects.filter(thread=thread, user=world.member).exists()
    assert thread.posts.get().body == "<p>Quelles règles ?</p>"


def test_a_reply_is_sanitised_follows_the_thread_and_notifies_its_followers(
    django_capture_on_commit_callbacks,
):
    world = make_world()
    with django_capture_on_commit_callbacks(execute=True):
        post = services.post_create(
            thread=world.thread,
            by=world.member,
            body='<p onclick="x()">Salut <script>alert(1)</script><a href="javascript:x">l</a></p>',
        )
    assert (
        "onclick" not in post.body and "script" not in post.body and "javascript" not in post.body
    )
    assert ThreadFollow.objects.filter(thread=world.thread, user=world.member).exists()
    notified = set(
        Notification.objects.filter(kind="groups.reply").values_list("recipient", flat=True)
    )
    assert notified == {world.moderator.pk, world.other.pk}


def test_an_empty_reply_is_refused():
    world = make_world()
    with pytest.raises(ValidationError):
        services.post_create(thread=world.thread, by=world.member, body="<p> </p>")


def test_a_locked_thread_takes_replies_from_moderators_only():
    world = make_world()
    services.thread_lock(thread=world.thread, by=world.moderator)
    with pytest.raises(PermissionDenied):
        services.post_create(thread=world.thread, by=world.member, body="Encore")
    services.post_create(thread=world.thread, by=world.moderator, body="Clos.")
    assert world.thread.posts.count() == 3


def test_an_archived_group_is_read_only():
    world = make_world()
    services.group_archive(group=world.group, by=world.staff_fwb)
    with pytest.raises(PermissionDenied):
        services.post_create(thread=world.thread, by=world.member, body="Encore")


def test_pin_lock_and_hide_are_for_moderators_and_the_group_staff():
    world = make_world()
    for who in (world.member, world.staff_vl):
        with pytest.raises(PermissionDenied):
            services.thread_pin(thread=world.thread, by=who)
    services.thread_pin(thread=world.thread, by=world.staff_fwb)
    services.thread_hide(thread=world.thread, by=world.moderator)
    thread = Thread.objects.get(pk=world.thread.pk)
    assert (thread.is_pinned, thread.is_hidden) == (True, True)


# --- reporting ---------------------------------------------------------------------------


def test_a_report_joins_partners_queue_reaches_the_moderators_and_hiding_the_post_closes_it(
    django_capture_on_commit_callbacks,
):
    world = make_world()
    with django_capture_on_commit_callbacks(execute=True):
        report = services.post_report(post=world.post, by=world.member, reason="Publicité")
    assert list(
        Notification.objects.filter(kind="groups.report").values_list("recipient", flat=True)
    ) == [world.moderator.pk]
    assert (report.kind, report.reported_teacher, report.content) == (
        ReportKind.CONTENT,
        world.other,
        world.post,
    )
    services.post_hide(post=world.post, by=world.moderator)
    report.refresh_from_db()
    assert report.status == ReportStatus.ACTIONED and report.handled_by == world.moderator
    assert Post.objects.get(pk=world.post.pk).is_hidden


def test_staff_hide_a_reported_post_from_partners_moderation():
    world = make_world()
    report = services.post_report(post=world.post, by=world.member, reason="Insultes")
    partner_services.report_hide_content(report=report, by=world.staff_fwb)
    assert Post.objects.get(pk=world.post.pk).is_hidden
    assert Report.objects.get(pk=report.pk).status == ReportStatus.ACTIONED


def test_one_cannot_report_ones_own_post_nor_a_group_one_is_not_in():
    world = make_world()
    for who in (world.other, world.teacher):
        with pytest.raises(PermissionDenied):
            services.post_report(post=world.post, by=who, reason="x")
    assert not Report.objects.exists()


# --- resources ---------------------------------------------------------------------------


def test_a_member_adds_a_link_or_a_checked_file():
    world = make_world()
    link = services.resource_add(
        group=world.group, by=world.member, title="BIK", url="https://www.betterinternetforkids.eu/"
    )
    file = services.resource_add(
        group=world.group, by=world.member, title="Charte", uploaded=_upload("c.pdf", pdf_bytes())
    )
    assert (link.kind, file.kind, file.content_type) == (
        ResourceKind.LINK,
        ResourceKind.FILE,
        "application/pdf",
    )
    assert file.original_name == "c.pdf" and not file.file.name.endswith("c.pdf")


def test_an_active_file_is_refused():
    world = make_world()
    with pytest.raises(ValidationError):
        services.resource_add(
            group=world.group,
            by=world.member,
            title="Page",
            uploaded=_upload("p.html", b"<html><script>x</script></html>"),
        )
    assert not world.group.resources.exists()
