from modeltranslation.translator import TranslationOptions, register

from trainings.models import News, Training


@register(Training)
class TrainingTranslation(TranslationOptions):
    fields = ("title", "description", "audience", "place")


@register(News)
class NewsTranslation(TranslationOptions):
    fields = ("title", "summary", "body")
