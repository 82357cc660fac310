"""Forms of the project space. They parse input only; rules live in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from projects.space.models import MaterialKind, Page

RICH_TEXT_HELP = _(
    "Mise en forme permise : <p>, <strong>, <em>, <u>, <s>, titres <h2>–<h4>, listes "
    '<ul>/<ol>/<li>, <blockquote>, <code>, <pre>, <hr> et liens <a href="https://…">. '
    "Le reste (scripts, styles, images, cadres) est retiré. Une ligne vide sépare deux paragraphes."
)


class RichTextField(forms.CharField):
    widget = forms.Textarea(attrs={"rows": 14})

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", RICH_TEXT_HELP)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        # Plain text with blank lines becomes paragraphs, so no HTML is needed.
        if value and "<" not in value:
            paragraphs = [p.strip() for p in value.replace("\r\n", "\n").split("\n\n") if p.strip()]
            value = "".join(
                "<p>{}</p>".format(
                    p.replace("&", "&amp;").replace(">", "&gt;").replace("\n", "<br>")
                )
                for p in paragraphs
            )
        return value


class PageForm(forms.Form):
    title = forms.CharField(label=_("Titre"), max_length=200)
    parent = forms.ModelChoiceField(
        label=_("Ranger sous"),
        queryset=Page.objects.none(),
        required=False,
        empty_label=_("— en haut de l'arborescence —"),
    )
    body = RichTextField(label=_("Contenu"), max_length=100_000)
    is_public = forms.BooleanField(
        label=_("Page publique (visible sur la page publique du projet)"), required=False
    )

    def __init__(self, *args, project, exclude=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = Page.objects.filter(project=project)
        if exclude is not None:
            qs = qs.exclude(pk=exclude.pk)
        self.fields["parent"].queryset = qs


class JournalPostForm(forms.Form):
    title = forms.CharField(label=_("Titre"), max_length=200)
    body = RichTextField(
        label=_("Texte"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 8})
    )
    image = forms.FileField(
        label=_("Photo"),
        required=False,
        help_text=_(
            "JPEG, PNG, GIF ou WebP. Les données cachées (EXIF, position GPS) sont retirées."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/gif,image/webp"}
        ),
    )
    sound = forms.FileField(
        label=_("Son"),
        required=False,
        help_text=_("MP3, OGG, WAV ou M4A."),
        widget=forms.ClearableFileInput(attrs={"accept": "audio/*"}),
    )
    is_public = forms.BooleanField(
        label=_("Mise à jour publique (montrée sur la page publique du projet)"), required=False
    )

    def __init__(self, *args, can_publish: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_publish:
            del self.fields["is_public"]


class JournalPostEditForm(JournalPostForm):
    """The creation form without publication (it has its own button), with a box to
    remove the current photo or sound; choosing a file replaces it."""

    remove_image = forms.BooleanField(label=_("Retirer la photo"), required=False)
    remove_sound = forms.BooleanField(label=_("Retirer le son"), required=False)
    field_order = ["title", "body", "image", "remove_image", "sound", "remove_sound"]

    def __init__(self, *args, post, **kwargs):
        kwargs.setdefault("initial", {"title": post.title, "body": post.body})
        super().__init__(*args, can_publish=False, **kwargs)
        if post.image_id:
            self.fields["image"].label = _("Remplacer la photo")
        else:
            del self.fields["remove_image"]
        if post.sound_id:
            self.fields["sound"].label = _("Remplacer le son")
        else:
            del self.fields["remove_sound"]


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Votre commentaire"), max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ThreadForm(forms.Form):
    title = forms.CharField(label=_("Sujet"), max_length=200)
    body = forms.CharField(
        label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Votre réponse"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )


class MaterialForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=MaterialKind.choices)
    title = forms.CharField(label=_("Titre"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    upload = forms.FileField(
        label=_("Fichier"),
        required=False,
        help_text=_(
            "Images JPEG/PNG/GIF/WebP, sons MP3/OGG/WAV/M4A, documents PDF/ODT/DOCX/PPTX/XLSX. "
            "Pas de vidéo : indiquez plutôt un lien YouTube ou Vimeo."
        ),
    )
    video_url = forms.URLField(
        label=_("Lien de la vidéo (YouTube ou Vimeo)"),
        required=False,
        max_length=500,
        assume_scheme="https",
    )


class PupilCreateForm(forms.Form):
    display_name = forms.CharField(
        label=_("Prénom ou pseudonyme"),
        max_length=60,
        help_text=_(
            "Pas de nom de famille : un prénom, un prénom et une initiale, ou un pseudonyme."
        ),
    )
    class_label = forms.CharField(label=_("Classe"), max_length=60, required=False)


class PupilLoginForm(forms.Form):
    username = forms.CharField(label=_("Identifiant"), max_length=40)
    password = forms.CharField(
        label=_("Mot de passe"), max_length=128, widget=forms.PasswordInput(render_value=False)
    )
