"""Reference data: the eTwinning countries, their support services, curriculum
subjects and languages, each named in French, Dutch, German and English.

Kept inline (not imported from app code) so the migration replays the same way
forever; staff edit the rows in admin afterwards.
"""

from django.db import migrations

# code, programme, fr, nl, de, en
COUNTRIES = [
    ("AT", "core", "Autriche", "Oostenrijk", "Österreich", "Austria"),
    ("BE", "core", "Belgique", "België", "Belgien", "Belgium"),
    ("BG", "core", "Bulgarie", "Bulgarije", "Bulgarien", "Bulgaria"),
    ("HR", "core", "Croatie", "Kroatië", "Kroatien", "Croatia"),
    ("CY", "core", "Chypre", "Cyprus", "Zypern", "Cyprus"),
    ("CZ", "core", "Tchéquie", "Tsjechië", "Tschechien", "Czechia"),
    ("DK", "core", "Danemark", "Denemarken", "Dänemark", "Denmark"),
    ("EE", "core", "Estonie", "Estland", "Estland", "Estonia"),
    ("FI", "core", "Finlande", "Finland", "Finnland", "Finland"),
    ("FR", "core", "France", "Frankrijk", "Frankreich", "France"),
    ("DE", "core", "Allemagne", "Duitsland", "Deutschland", "Germany"),
    ("GR", "core", "Grèce", "Griekenland", "Griechenland", "Greece"),
    ("HU", "core", "Hongrie", "Hongarije", "Ungarn", "Hungary"),
    ("IE", "core", "Irlande", "Ierland", "Irland", "Ireland"),
    ("IT", "core", "Italie", "Italië", "Italien", "Italy"),
    ("LV", "core", "Lettonie", "Letland", "Lettland", "Latvia"),
    ("LT", "core", "Lituanie", "Litouwen", "Litauen", "Lithuania"),
    ("LU", "core", "Luxembourg", "Luxemburg", "Luxemburg", "Luxembourg"),
    ("MT", "core", "Malte", "Malta", "Malta", "Malta"),
    ("NL", "core", "Pays-Bas", "Nederland", "Niederlande", "Netherlands"),
    ("PL", "core", "Pologne", "Polen", "Polen", "Poland"),
    ("PT", "core", "Portugal", "Portugal", "Portugal", "Portugal"),
    ("RO", "core", "Roumanie", "Roemenië", "Rumänien", "Romania"),
    ("SK", "core", "Slovaquie", "Slowakije", "Slowakei", "Slovakia"),
    ("SI", "core", "Slovénie", "Slovenië", "Slowenien", "Slovenia"),
    ("ES", "core", "Espagne", "Spanje", "Spanien", "Spain"),
    ("SE", "core", "Suède", "Zweden", "Schweden", "Sweden"),
    ("AL", "core", "Albanie", "Albanië", "Albanien", "Albania"),
    ("MK", "core", "Macédoine du Nord", "Noord-Macedonië", "Nordmazedonien", "North Macedonia"),
    ("IS", "core", "Islande", "IJsland", "Island", "Iceland"),
    ("NO", "core", "Norvège", "Noorwegen", "Norwegen", "Norway"),
    ("TR", "core", "Turquie", "Turkije", "Türkei", "Turkey"),
    ("AM", "plus", "Arménie", "Armenië", "Armenien", "Armenia"),
    ("AZ", "plus", "Azerbaïdjan", "Azerbeidzjan", "Aserbaidschan", "Azerbaijan"),
    ("GE", "plus", "Géorgie", "Georgië", "Georgien", "Georgia"),
    ("MD", "plus", "Moldavie", "Moldavië", "Moldau", "Moldova"),
    ("UA", "plus", "Ukraine", "Oekraïne", "Ukraine", "Ukraine"),
    ("TN", "plus", "Tunisie", "Tunesië", "Tunesien", "Tunisia"),
    ("JO", "plus", "Jordanie", "Jordanië", "Jordanien", "Jordan"),
    ("LB", "plus", "Liban", "Libanon", "Libanon", "Lebanon"),
]

# code, country, fr, nl, de, en
BELGIAN_SERVICES = [
    (
        "be-fwb", "BE",
        "Bureau d'Assistance eTwinning pour la Fédération Wallonie-Bruxelles",
        "eTwinning-bureau van de Federatie Wallonië-Brussel",
        "eTwinning-Unterstützungsstelle der Föderation Wallonie-Brüssel",
        "eTwinning Support Service of the Wallonia-Brussels Federation",
    ),
    (
        "be-vl", "BE",
        "Bureau d'Assistance eTwinning de Flandre",
        "eTwinning-bureau Vlaanderen",
        "eTwinning-Unterstützungsstelle Flandern",
        "eTwinning Support Service of Flanders",
    ),
    (
        "be-dg", "BE",
        "Bureau d'Assistance eTwinning de la Communauté germanophone",
        "eTwinning-bureau van de Duitstalige Gemeenschap",
        "eTwinning-Unterstützungsstelle der Deutschsprachigen Gemeinschaft",
        "eTwinning Support Service of the German-speaking Community",
    ),
]

FWB_CONTACT = {
    "organisation": "AEF-Europe",
    "address": "Chaussée de Charleroi 111\n1060 Bruxelles",
    "address_fr": "Chaussée de Charleroi 111\n1060 Bruxelles",
    "address_nl": "Chaussée de Charleroi 111 / Charleroisesteenweg 111\n1060 Brussel",
    "address_de": "Chaussée de Charleroi 111\n1060 Brüssel",
    "address_en": "Chaussée de Charleroi 111\n1060 Brussels",
    "email": "etwinning@cfwb.be",
    "phone": "+32 (0)2 542 62 88",
    "website": "https://www.enseignement.be/etwinning",
}

SUBJECTS = [
    ("mathematics", "Mathématiques", "Wiskunde", "Mathematik", "Mathematics"),
    ("sciences", "Sciences", "Wetenschappen", "Naturwissenschaften", "Science"),
    ("french", "Français (langue d'enseignement)", "Frans (onderwijstaal)",
     "Französisch (Unterrichtssprache)", "French (language of instruction)"),
    ("modern-languages", "Langues modernes", "Moderne vreemde talen", "Moderne Fremdsprachen",
     "Modern foreign languages"),
    ("classical-languages", "Langues anciennes", "Klassieke talen", "Alte Sprachen",
     "Classical languages"),
    ("history", "Histoire", "Geschiedenis", "Geschichte", "History"),
    ("geography", "Géographie", "Aardrijkskunde", "Geografie", "Geography"),
    ("arts", "Éducation artistique", "Kunstzinnige vorming", "Kunsterziehung", "Art education"),
    ("music", "Musique", "Muziek", "Musik", "Music"),
    ("physical-education", "Éducation physique", "Lichamelijke opvoeding", "Sport",
     "Physical education"),
    ("ict", "Informatique et numérique", "Informatica en ICT", "Informatik und Digitales",
     "Computing and ICT"),
    ("citizenship", "Éducation à la citoyenneté", "Burgerschap", "Politische Bildung",
     "Citizenship education"),
    ("philosophy", "Philosophie et religion", "Filosofie en levensbeschouwing",
     "Philosophie und Religion", "Philosophy and religion"),
    ("economics", "Économie", "Economie", "Wirtschaft", "Economics"),
    ("technology", "Technologie", "Techniek", "Technik", "Technology"),
    ("environment", "Environnement et développement durable", "Milieu en duurzaamheid",
     "Umwelt und Nachhaltigkeit", "Environment and sustainability"),
    ("literature", "Littérature", "Literatuur", "Literatur", "Literature"),
    ("media-education", "Éducation aux médias", "Mediawijsheid", "Medienbildung",
     "Media literacy"),
    ("health", "Santé et bien-être", "Gezondheid en welzijn", "Gesundheit und Wohlbefinden",
     "Health and well-being"),
    ("cross-curricular", "Interdisciplinaire", "Vakoverschrijdend", "Fächerübergreifend",
     "Cross-curricular"),
    ("pre-primary", "Éveil (maternel)", "Kleuteronderwijs", "Frühkindliche Bildung",
     "Pre-primary education"),
    ("special-needs", "Enseignement spécialisé", "Buitengewoon onderwijs",
     "Sonderpädagogik", "Special needs education"),
    ("vocational", "Formation professionnelle", "Beroepsopleiding", "Berufsbildung",
     "Vocational training"),
]

LANGUAGES = [
    ("bg", "Bulgare", "Bulgaars", "Bulgarisch", "Bulgarian"),
    ("hr", "Croate", "Kroatisch", "Kroatisch", "Croatian"),
    ("cs", "Tchèque", "Tsjechisch", "Tschechisch", "Czech"),
    ("da", "Danois", "Deens", "Dänisch", "Danish"),
    ("nl", "Néerlandais", "Nederlands", "Niederländisch", "Dutch"),
    ("en", "Anglais", "Engels", "Englisch", "English"),
    ("et", "Estonien", "Estisch", "Estnisch", "Estonian"),
    ("fi", "Finnois", "Fins", "Finnisch", "Finnish"),
    ("fr", "Français", "Frans", "Französisch", "French"),
    ("de", "Allemand", "Duits", "Deutsch", "German"),
    ("el", "Grec", "Grieks", "Griechisch", "Greek"),
    ("hu", "Hongrois", "Hongaars", "Ungarisch", "Hungarian"),
    ("ga", "Irlandais", "Iers", "Irisch", "Irish"),
    ("it", "Italien", "Italiaans", "Italienisch", "Italian"),
    ("lv", "Letton", "Lets", "Lettisch", "Latvian"),
    ("lt", "Lituanien", "Litouws", "Litauisch", "Lithuanian"),
    ("lb", "Luxembourgeois", "Luxemburgs", "Luxemburgisch", "Luxembourgish"),
    ("mt", "Maltais", "Maltees", "Maltesisch", "Maltese"),
    ("pl", "Polonais", "Pools", "Polnisch", "Polish"),
    ("pt", "Portugais", "Portugees", "Portugiesisch", "Portuguese"),
    ("ro", "Roumain", "Roemeens", "Rumänisch", "Romanian"),
    ("sk", "Slovaque", "Slowaaks", "Slowakisch", "Slovak"),
    ("sl", "Slovène", "Sloveens", "Slowenisch", "Slovenian"),
    ("es", "Espagnol", "Spaans", "Spanisch", "Spanish"),
    ("sv", "Suédois", "Zweeds", "Schwedisch", "Swedish"),
    ("sq", "Albanais", "Albanees", "Albanisch", "Albanian"),
    ("mk", "Macédonien", "Macedonisch", "Mazedonisch", "Macedonian"),
    ("is", "Islandais", "IJslands", "Isländisch", "Icelandic"),
    ("no", "Norvégien", "Noors", "Norwegisch", "Norwegian"),
    ("tr", "Turc", "Turks", "Türkisch", "Turkish"),
    ("hy", "Arménien", "Armeens", "Armenisch", "Armenian"),
    ("az", "Azerbaïdjanais", "Azerbeidzjaans", "Aserbaidschanisch", "Azerbaijani"),
    ("ka", "Géorgien", "Georgisch", "Georgisch", "Georgian"),
    ("uk", "Ukrainien", "Oekraïens", "Ukrainisch", "Ukrainian"),
    ("ar", "Arabe", "Arabisch", "Arabisch", "Arabic"),
    ("ru", "Russe", "Russisch", "Russisch", "Russian"),
]


def _names(fr, nl, de, en):
    return {"name": fr, "name_fr": fr, "name_nl": nl, "name_de": de, "name_en": en}


def load(apps, schema_editor):
    Country = apps.get_model("accounts", "Country")
    SupportService = apps.get_model("accounts", "SupportService")
    Subject = apps.get_model("accounts", "Subject")
    Language = apps.get_model("accounts", "Language")

    countries = {}
    for code, programme, fr, nl, de, en in COUNTRIES:
        countries[code], _ = Country.objects.update_or_create(
            code=code, defaults={"programme": programme, **_names(fr, nl, de, en)}
        )
    for code, country, fr, nl, de, en in BELGIAN_SERVICES:
        extra = FWB_CONTACT if code == "be-fwb" else {}
        SupportService.objects.update_or_create(
            code=code, defaults={"country": countries[country], **_names(fr, nl, de, en), **extra}
        )
    for code, _programme, fr, nl, de, en in COUNTRIES:
        if code == "BE":
            continue
        SupportService.objects.update_or_create(
            code=code.lower(),
            defaults={
                "country": countries[code],
                **_names(
                    f"Bureau d'Assistance eTwinning — {fr}",
                    f"eTwinning-bureau — {nl}",
                    f"eTwinning-Unterstützungsstelle — {de}",
                    f"eTwinning National Support Service — {en}",
                ),
            },
        )
    for code, fr, nl, de, en in SUBJECTS:
        Subject.objects.update_or_create(code=code, defaults=_names(fr, nl, de, en))
    for code, fr, nl, de, en in LANGUAGES:
        Language.objects.update_or_create(code=code, defaults=_names(fr, nl, de, en))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
