from modeltranslation.translator import TranslationOptions, register

from trainings.models import Training


@register(Training)
class TrainingTranslation(TranslationOptions):
    fields = ("title", "description", "audience", "place")
