from modeltranslation.translator import TranslationOptions, register

from groups.models import Group


@register(Group)
class GroupTranslation(TranslationOptions):
    fields = ("title", "description")
