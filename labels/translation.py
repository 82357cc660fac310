"""Contest texts a teacher reads (edition presentation, category and jury criterion
names) in the four portal languages; French is the fallback."""

from modeltranslation.translator import TranslationOptions, register

from labels.models import ContestCategory, ContestCriterion, ContestEdition


@register(ContestEdition)
class ContestEditionTranslation(TranslationOptions):
    fields = ("title", "introduction", "ceremony_place")


@register(ContestCategory)
class ContestCategoryTranslation(TranslationOptions):
    fields = ("name",)


@register(ContestCriterion)
class ContestCriterionTranslation(TranslationOptions):
    fields = ("name",)
