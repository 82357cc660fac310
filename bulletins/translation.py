from modeltranslation.translator import TranslationOptions, register

from bulletins.models import BulletinIssue, BulletinSection


@register(BulletinIssue)
class BulletinIssueTranslation(TranslationOptions):
    fields = ("subject", "intro")


@register(BulletinSection)
class BulletinSectionTranslation(TranslationOptions):
    fields = ("title", "body")
