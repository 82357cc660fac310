from modeltranslation.translator import TranslationOptions, register

from portal.models import News


@register(News)
class NewsTranslation(TranslationOptions):
    fields = ("title", "summary", "body")
