"""Rich text is sanitised server-side before it is saved."""

import pytest

from projects.space import services
from projects.space.models import Page
from projects.space.tests.factories import actor, make_space
from uploads.richtext import sanitize_html


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("<p>Bonjour<script>alert(1)</script></p>", "<p>Bonjour</p>"),
        ('<a href="javascript:alert(1)">x</a>', '<a rel="noopener nofollow">x</a>'),
        ('<a href="JaVaScRiPt:alert(1)">x</a>', '<a rel="noopener nofollow">x</a>'),
        ('<a href="java&#x09;script:alert(1)">x</a>', '<a rel="noopener nofollow">x</a>'),
        ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', '<a rel="noopener nofollow">x</a>'),
        ("<img src=x onerror=alert(1)>", ""),
        ('<p onclick="steal()" style="color:red" class="x">p</p>', "<p>p</p>"),
        ("<scr<script>ipt>alert(1)</scr</script>ipt>", "ipt&gt;alert(1)ipt&gt;"),
        ('<iframe src="https://evil.example"></iframe>ok', "ok"),
        ("<svg><script>alert(1)</script></svg>ok", "ok"),
        ("<style>body{display:none}</style>ok", "ok"),
        ("<!-- <script>x</script> -->ok", "ok"),
        (
            '<a href="https://etwinning.net" target="_blank">site</a>',
            '<a href="https://etwinning.net" rel="noopener nofollow">site</a>',
        ),
        (
            '<a href="mailto:classe@example.org">mail</a>',
            '<a href="mailto:classe@example.org" rel="noopener nofollow">mail</a>',
        ),
        (
            "<h2>Titre</h2><ul><li><strong>un</strong></li></ul>",
            "<h2>Titre</h2><ul><li><strong>un</strong></li></ul>",
        ),
    ],
)
def test_sanitiser_keeps_only_the_allow_list(dirty, clean):
    assert sanitize_html(dirty) == clean


@pytest.mark.django_db
def test_pages_are_saved_sanitised():
    space = make_space()
    admin = actor(space.project, user=space.founder)
    page = services.page_create(
        actor=admin,
        title="Piège",
        body='<p onmouseover="x()">Salut <a href="javascript:x()">ici</a></p><script>x()</script>',
    )
    page.refresh_from_db()
    assert page.body == '<p>Salut <a rel="noopener nofollow">ici</a></p>'


@pytest.mark.django_db
def test_a_body_with_nothing_left_after_cleaning_is_refused(client):
    space = make_space()
    client.force_login(space.founder)
    from django.urls import reverse

    response = client.post(
        reverse("space:page_create", args=[space.project.pk]),
        {"title": "Vide", "body": "<script>alert(1)</script>"},
    )
    assert response.status_code == 200
    assert "Le texte est vide" in response.content.decode()
    assert not Page.objects.filter(title="Vide").exists()
