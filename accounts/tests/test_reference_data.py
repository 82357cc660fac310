from accounts.models import Country, Language, Programme, Subject, SupportService

EU = {
    "AT",
    "BE",
    "BG",
    "HR",
    "CY",
    "CZ",
    "DK",
    "EE",
    "FI",
    "FR",
    "DE",
    "GR",
    "HU",
    "IE",
    "IT",
    "LV",
    "LT",
    "LU",
    "MT",
    "NL",
    "PL",
    "PT",
    "RO",
    "SK",
    "SI",
    "ES",
    "SE",
}
OTHER_CORE = {"AL", "MK", "IS", "NO", "TR"}
PLUS = {"AM", "AZ", "GE", "MD", "UA", "TN", "JO", "LB"}


def test_it_seeds_the_eu_and_the_other_core_countries(db):
    core = set(Country.objects.filter(programme=Programme.CORE).values_list("code", flat=True))
    assert core == EU | OTHER_CORE
    assert len(EU) == 27


def test_it_seeds_the_etwinning_plus_countries(db):
    plus = set(Country.objects.filter(programme=Programme.PLUS).values_list("code", flat=True))
    assert plus == PLUS


def test_every_country_is_named_in_four_languages(db):
    for country in Country.objects.all():
        names = [country.name_fr, country.name_nl, country.name_de, country.name_en]
        assert all(names), country.code
    belgium = Country.objects.get(code="BE")
    assert (belgium.name_fr, belgium.name_nl, belgium.name_de, belgium.name_en) == (
        "Belgique",
        "België",
        "Belgien",
        "Belgium",
    )


def test_belgium_has_three_support_services_and_every_other_country_one(db):
    assert SupportService.objects.filter(country__code="BE").count() == 3
    for country in Country.objects.exclude(code="BE"):
        assert country.services.count() == 1, country.code


def test_the_fwb_service_carries_the_brochure_contact_data(db):
    fwb = SupportService.objects.get(code="be-fwb")
    assert fwb.email == "etwinning@cfwb.be"
    assert fwb.phone == "+32 (0)2 542 62 88"
    assert "Chaussée de Charleroi 111" in fwb.address
    assert fwb.organisation == "AEF-Europe"


def test_subjects_and_languages_are_seeded_and_translated(db):
    assert Subject.objects.count() >= 20
    assert Language.objects.count() >= 30
    maths = Subject.objects.get(code="mathematics")
    assert (maths.name_fr, maths.name_nl, maths.name_de, maths.name_en) == (
        "Mathématiques",
        "Wiskunde",
        "Mathematik",
        "Mathematics",
    )
    assert set(Language.objects.values_list("code", flat=True)) >= {"fr", "nl", "de", "en"}
