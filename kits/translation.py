from modeltranslation.translator import TranslationOptions, register

from kits.models import Kit, KitStep


@register(Kit)
class KitTranslation(TranslationOptions):
    fields = ("title", "summary", "objectives", "evaluation", "suggested_tools", "duration")
    required_languages = ("fr",)


@register(KitStep)
class KitStepTranslation(TranslationOptions):
    fields = ("title", "body")
    required_languages = ("fr",)
