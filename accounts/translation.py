from modeltranslation.translator import TranslationOptions, register

from accounts.models import Country, Language, Subject, SupportService


@register(Country)
class CountryTranslation(TranslationOptions):
    fields = ("name",)


@register(SupportService)
class SupportServiceTranslation(TranslationOptions):
    fields = ("name", "address")


@register(Subject)
class SubjectTranslation(TranslationOptions):
    fields = ("name",)


@register(Language)
class LanguageTranslation(TranslationOptions):
    fields = ("name",)
