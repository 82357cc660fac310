"""Demo kits from the brochure's own project examples (« le voyage virtuel d'une
mascotte », « relever des défis mathématiques », « rédiger un ebook avec des enfants
d'Azerbaïdjan »), in four languages. Idempotent: a kit is looked up by its French
title and its steps are rewritten."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from accounts.demo import summary
from accounts.models import Subject
from kits.models import Kit, KitStep, KitUse
from projects.models import Project

# The demo project (projects/demo.py) is the brochure's mascot journey: shown as founded
# from the mascot kit, its space already written (seeded_at set: no pages added).
DEMO_PROJECT_TITLE = "Le voyage virtuel de Léon la mascotte"

TRY = "To try"
LANGS = ("fr", "nl", "de", "en")


def _t(fr: str, nl: str, de: str, en: str) -> dict[str, str]:
    return dict(zip(LANGS, (fr, nl, de, en), strict=True))


KITS = [
    {
        "title": _t(
            "Le voyage virtuel de notre mascotte",
            "De virtuele reis van onze mascotte",
            "Die virtuelle Reise unseres Maskottchens",
            "Our mascot's virtual journey",
        ),
        "summary": _t(
            "Chaque classe adopte une mascotte (une peluche, un personnage dessiné) qui "
            "« voyage » chez les partenaires. Les élèves racontent son séjour en photos, en "
            "sons et en petits textes et découvrent ainsi la vie quotidienne des enfants "
            "d'autres pays.",
            "Elke klas adopteert een mascotte (een knuffel, een getekend figuurtje) die bij de "
            "partners op « reis » gaat. De leerlingen vertellen over het verblijf met foto's, "
            "geluid en korte teksten en ontdekken zo het dagelijkse leven van kinderen in "
            "andere landen.",
            "Jede Klasse adoptiert ein Maskottchen (ein Stofftier, eine gezeichnete Figur), das "
            "zu den Partnern « reist ». Die Schülerinnen und Schüler erzählen von seinem "
            "Aufenthalt mit Fotos, Tönen und kurzen Texten und entdecken so den Alltag von "
            "Kindern in anderen Ländern.",
            "Each class adopts a mascot (a soft toy, a drawn character) that « travels » to the "
            "partner classes. Pupils tell its stay in photos, sounds and short texts, and so "
            "discover the daily life of children in other countries.",
        ),
        "objectives": _t(
            "Découvrir la vie quotidienne d'enfants d'un autre pays\n"
            "Écrire de courts textes pour de vrais lecteurs\n"
            "Utiliser quelques mots de la langue des partenaires",
            "Het dagelijkse leven van kinderen in een ander land ontdekken\n"
            "Korte teksten schrijven voor echte lezers\n"
            "Enkele woorden uit de taal van de partners gebruiken",
            "Den Alltag von Kindern in einem anderen Land entdecken\n"
            "Kurze Texte für echte Leserinnen und Leser schreiben\n"
            "Einige Wörter in der Sprache der Partner verwenden",
            "Discover the daily life of children in another country\n"
            "Write short texts for real readers\n"
            "Use a few words of the partners' language",
        ),
        "evaluation": _t(
            "Chaque élève contribue au moins une fois au journal de la mascotte ; en fin de "
            "projet, la classe présente ce qu'elle a appris sur la classe partenaire.",
            "Elke leerling draagt minstens één keer bij aan het dagboek van de mascotte; op het "
            "einde stelt de klas voor wat ze over de partnerklas heeft geleerd.",
            "Jedes Kind trägt mindestens einmal zum Tagebuch des Maskottchens bei; am Ende "
            "stellt die Klasse vor, was sie über die Partnerklasse gelernt hat.",
            "Every pupil contributes at least once to the mascot's diary; at the end the class "
            "presents what it learnt about the partner class.",
        ),
        "suggested_tools": _t(
            "Le journal de l'espace projet (photos et sons)\nUne carte murale\nUn appareil photo",
            "Het dagboek van de projectruimte (foto's en geluid)\nEen wandkaart\nEen fototoestel",
            "Das Journal des Projektraums (Fotos und Töne)\nEine Wandkarte\nEine Kamera",
            "The project space's journal (photos and sounds)\nA wall map\nA camera",
        ),
        "duration": _t(
            "10 semaines, une séance par semaine",
            "10 weken, één les per week",
            "10 Wochen, eine Stunde pro Woche",
            "10 weeks, one session a week",
        ),
        "duration_weeks": 10,
        "ages": (5, 9),
        "subjects": ("french", "geography", "modern-languages"),
        "steps": [
            _t(
                "Présenter la mascotte|<p>Chaque classe choisit sa mascotte, lui donne un nom "
                "et rédige sa carte d'identité (âge, ville, plat préféré).</p>",
                "De mascotte voorstellen|<p>Elke klas kiest een mascotte, geeft haar een naam "
                "en maakt haar identiteitskaart (leeftijd, stad, lievelingsgerecht).</p>",
                "Das Maskottchen vorstellen|<p>Jede Klasse wählt ihr Maskottchen, gibt ihm "
                "einen Namen und schreibt seinen Steckbrief (Alter, Stadt, Lieblingsessen).</p>",
                "Introduce the mascot|<p>Each class chooses its mascot, names it and writes its "
                "identity card (age, town, favourite dish).</p>",
            ),
            _t(
                "Le départ|<p>La mascotte « part » : photos de ses valises, carte de "
                "l'itinéraire, message enregistré pour la classe qui l'accueille.</p>",
                "Het vertrek|<p>De mascotte « vertrekt »: foto's van haar koffers, een kaart "
                "van de route, een ingesproken bericht voor de klas die haar ontvangt.</p>",
                "Die Abreise|<p>Das Maskottchen « reist ab »: Fotos vom Koffer, eine Karte der "
                "Reiseroute, eine aufgenommene Nachricht für die Gastklasse.</p>",
                "The departure|<p>The mascot « leaves »: photos of its suitcase, a map of the "
                "route, a recorded message for the host class.</p>",
            ),
            _t(
                "Le séjour|<p>Chaque semaine, la classe qui accueille publie une journée de la "
                "mascotte : l'école, le repas, un jeu de cour, un mot dans sa langue.</p>",
                "Het verblijf|<p>Elke week publiceert de gastklas een dag uit het leven van de "
                "mascotte: de school, het eten, een speelplaatsspel, een woord in haar taal.</p>",
                "Der Aufenthalt|<p>Jede Woche veröffentlicht die Gastklasse einen Tag des "
                "Maskottchens: die Schule, das Essen, ein Pausenspiel, ein Wort in ihrer "
                "Sprache.</p>",
                "The stay|<p>Every week the host class posts a day of the mascot's life: the "
                "school, lunch, a playground game, a word in its language.</p>",
            ),
            _t(
                "Le retour et le bilan|<p>La mascotte rentre avec un souvenir ; chaque classe "
                "réalise une affiche « ce que nous avons appris » et la partage.</p>",
                "De terugkeer en de balans|<p>De mascotte komt terug met een souvenir; elke "
                "klas maakt een affiche « wat we hebben geleerd » en deelt ze.</p>",
                "Rückkehr und Bilanz|<p>Das Maskottchen kommt mit einem Andenken zurück; jede "
                "Klasse gestaltet ein Plakat « Was wir gelernt haben » und teilt es.</p>",
                "The return and review|<p>The mascot comes home with a souvenir; each class "
                "makes a « what we learnt » poster and shares it.</p>",
            ),
        ],
    },
    {
        "title": _t(
            "Défis mathématiques entre classes",
            "Wiskundige uitdagingen tussen klassen",
            "Mathe-Challenges zwischen Klassen",
            "Maths challenges between classes",
        ),
        "summary": _t(
            "Les classes partenaires créent des jeux et se lancent des défis mathématiques : "
            "une énigme par quinzaine, résolue en équipes mixtes, avec la démarche expliquée "
            "aux partenaires.",
            "De partnerklassen bedenken spelletjes en dagen elkaar uit met wiskundige "
            "uitdagingen: om de twee weken een raadsel, opgelost in gemengde teams, met de "
            "uitleg van de aanpak voor de partners.",
            "Die Partnerklassen erfinden Spiele und stellen einander Mathe-Challenges: alle "
            "zwei Wochen ein Rätsel, in gemischten Teams gelöst, mit dem Lösungsweg für die "
            "Partner erklärt.",
            "Partner classes create games and set each other maths challenges: a puzzle every "
            "fortnight, solved in mixed teams, with the reasoning explained to the partners.",
        ),
        "objectives": _t(
            "Résoudre des problèmes et expliquer sa démarche\n"
            "Inventer un problème à la portée d'une autre classe\n"
            "Collaborer en équipes internationales",
            "Problemen oplossen en de aanpak uitleggen\n"
            "Een probleem bedenken voor een andere klas\n"
            "Samenwerken in internationale teams",
            "Probleme lösen und den Lösungsweg erklären\n"
            "Eine Aufgabe für eine andere Klasse erfinden\n"
            "In internationalen Teams zusammenarbeiten",
            "Solve problems and explain the reasoning\n"
            "Invent a problem another class can solve\n"
            "Work in international teams",
        ),
        "evaluation": _t(
            "Une grille commune évalue la justesse, la clarté de l'explication et "
            "l'originalité des défis inventés.",
            "Een gemeenschappelijk rooster beoordeelt de juistheid, de duidelijkheid van de "
            "uitleg en de originaliteit van de bedachte uitdagingen.",
            "Ein gemeinsamer Bewertungsbogen bewertet Richtigkeit, Klarheit der Erklärung und "
            "Originalität der erfundenen Aufgaben.",
            "A shared rubric assesses correctness, clarity of the explanation and originality "
            "of the invented challenges.",
        ),
        "suggested_tools": _t(
            "Le forum de l'espace projet\nUn tableur partagé\nDes vidéos courtes des élèves",
            "Het forum van de projectruimte\nEen gedeelde rekenblad\nKorte video's van de "
            "leerlingen",
            "Das Forum des Projektraums\nEine gemeinsame Tabellenkalkulation\nKurze Videos der "
            "Schülerinnen und Schüler",
            "The project space's forum\nA shared spreadsheet\nShort videos by the pupils",
        ),
        "duration": _t(
            "Un trimestre (12 semaines)",
            "Een trimester (12 weken)",
            "Ein Trimester (12 Wochen)",
            "One term (12 weeks)",
        ),
        "duration_weeks": 12,
        "ages": (9, 14),
        "subjects": ("mathematics",),
        "steps": [
            _t(
                "Former les équipes|<p>Les enseignants composent des équipes mixtes ; chaque "
                "équipe se présente sur le forum avec un nom et un logo.</p>",
                "De teams vormen|<p>De leerkrachten stellen gemengde teams samen; elk team "
                "stelt zich op het forum voor met een naam en een logo.</p>",
                "Teams bilden|<p>Die Lehrkräfte bilden gemischte Teams; jedes Team stellt sich "
                "im Forum mit Namen und Logo vor.</p>",
                "Form the teams|<p>Teachers put together mixed teams; each team introduces "
                "itself on the forum with a name and a logo.</p>",
            ),
            _t(
                "Le premier défi|<p>Chaque classe publie une énigme ; les équipes ont deux "
                "semaines pour la résoudre et <strong>expliquer leur démarche</strong>.</p>",
                "De eerste uitdaging|<p>Elke klas publiceert een raadsel; de teams hebben twee "
                "weken om het op te lossen en <strong>hun aanpak uit te leggen</strong>.</p>",
                "Die erste Challenge|<p>Jede Klasse veröffentlicht ein Rätsel; die Teams haben "
                "zwei Wochen, um es zu lösen und <strong>ihren Lösungsweg zu erklären</strong>."
                "</p>",
                "The first challenge|<p>Each class posts a puzzle; teams have two weeks to "
                "solve it and <strong>explain their reasoning</strong>.</p>",
            ),
            _t(
                "Inventer un jeu|<p>Les élèves créent un jeu mathématique (dés, cartes, "
                "parcours) et en rédigent la règle pour les partenaires.</p>",
                "Een spel bedenken|<p>De leerlingen maken een wiskundig spel (dobbelstenen, "
                "kaarten, parcours) en schrijven de spelregels voor de partners.</p>",
                "Ein Spiel erfinden|<p>Die Kinder erfinden ein Mathespiel (Würfel, Karten, "
                "Parcours) und schreiben die Spielregeln für die Partner.</p>",
                "Invent a game|<p>Pupils create a maths game (dice, cards, a trail) and write "
                "its rules for the partners.</p>",
            ),
            _t(
                "La finale|<p>Une visioconférence réunit les classes pour un dernier défi "
                "chronométré et la remise de diplômes.</p>",
                "De finale|<p>Een videoconferentie brengt de klassen samen voor een laatste "
                "uitdaging tegen de klok en de uitreiking van diploma's.</p>",
                "Das Finale|<p>Eine Videokonferenz bringt die Klassen zu einer letzten "
                "Challenge auf Zeit und zur Urkundenübergabe zusammen.</p>",
                "The final|<p>A video call brings the classes together for a last timed "
                "challenge and the award of certificates.</p>",
            ),
        ],
    },
    {
        "title": _t(
            "Un e-book avec une classe lointaine",
            "Een e-book met een verre klas",
            "Ein E-Book mit einer fernen Klasse",
            "An e-book with a distant class",
        ),
        "summary": _t(
            "Deux classes de pays éloignés (par exemple d'Azerbaïdjan, grâce à eTwinning+) "
            "écrivent et illustrent ensemble un livre numérique : chacune écrit un chapitre à "
            "tour de rôle, l'autre le poursuit.",
            "Twee klassen uit verre landen (bijvoorbeeld uit Azerbeidzjan, dankzij eTwinning+) "
            "schrijven en illustreren samen een digitaal boek: om beurten schrijft elke klas "
            "een hoofdstuk dat de andere verder zet.",
            "Zwei Klassen aus weit entfernten Ländern (etwa aus Aserbaidschan, dank "
            "eTwinning+) schreiben und illustrieren gemeinsam ein digitales Buch: abwechselnd "
            "schreibt jede Klasse ein Kapitel, die andere setzt es fort.",
            "Two classes from distant countries (from Azerbaijan, for instance, thanks to "
            "eTwinning+) write and illustrate a digital book together: in turn each class "
            "writes a chapter, the other carries it on.",
        ),
        "objectives": _t(
            "Écrire un récit à plusieurs mains\n"
            "Illustrer et mettre en page un livre numérique\n"
            "Communiquer dans une langue commune (français ou anglais)",
            "Een verhaal schrijven met meerdere auteurs\n"
            "Een digitaal boek illustreren en opmaken\n"
            "Communiceren in een gemeenschappelijke taal (Frans of Engels)",
            "Eine Geschichte gemeinsam schreiben\n"
            "Ein digitales Buch illustrieren und gestalten\n"
            "In einer gemeinsamen Sprache kommunizieren (Französisch oder Englisch)",
            "Write a story with many hands\n"
            "Illustrate and lay out a digital book\n"
            "Communicate in a shared language (French or English)",
        ),
        "evaluation": _t(
            "Le livre terminé est lu aux deux classes ; chaque élève note ce qu'il a appris de "
            "l'autre pays dans un carnet de bord.",
            "Het afgewerkte boek wordt aan beide klassen voorgelezen; elke leerling noteert in "
            "een logboek wat hij over het andere land heeft geleerd.",
            "Das fertige Buch wird beiden Klassen vorgelesen; jedes Kind notiert in einem "
            "Lerntagebuch, was es über das andere Land gelernt hat.",
            "The finished book is read to both classes; each pupil notes in a logbook what "
            "they learnt about the other country.",
        ),
        "suggested_tools": _t(
            "Les pages de l'espace projet\nUn outil de livre numérique\nLe dessin sur papier, "
            "scanné",
            "De pagina's van de projectruimte\nEen tool voor digitale boeken\nTekeningen op "
            "papier, ingescand",
            "Die Seiten des Projektraums\nEin Werkzeug für digitale Bücher\nZeichnungen auf "
            "Papier, eingescannt",
            "The project space's pages\nA digital book tool\nDrawings on paper, scanned",
        ),
        "duration": _t(
            "Une année scolaire (20 semaines de travail)",
            "Een schooljaar (20 werkweken)",
            "Ein Schuljahr (20 Arbeitswochen)",
            "A school year (20 working weeks)",
        ),
        "duration_weeks": 20,
        "ages": (8, 12),
        "subjects": ("french", "arts", "literature"),
        "steps": [
            _t(
                "Faire connaissance|<p>Chaque classe présente son école et sa ville en "
                "quelques photos et choisit avec l'autre le héros de l'histoire.</p>",
                "Kennismaken|<p>Elke klas stelt haar school en stad voor met enkele foto's en "
                "kiest samen met de andere de held van het verhaal.</p>",
                "Kennenlernen|<p>Jede Klasse stellt ihre Schule und Stadt mit einigen Fotos "
                "vor und wählt mit der anderen die Hauptfigur der Geschichte.</p>",
                "Get to know each other|<p>Each class presents its school and town in a few "
                "photos and chooses the story's hero with the other.</p>",
            ),
            _t(
                "Écrire à tour de rôle|<p>Une classe écrit un chapitre, l'autre le lit et "
                "écrit la suite ; un chapitre toutes les trois semaines.</p>",
                "Om beurten schrijven|<p>De ene klas schrijft een hoofdstuk, de andere leest "
                "het en schrijft het vervolg; om de drie weken een hoofdstuk.</p>",
                "Abwechselnd schreiben|<p>Eine Klasse schreibt ein Kapitel, die andere liest "
                "es und schreibt die Fortsetzung; alle drei Wochen ein Kapitel.</p>",
                "Write in turn|<p>One class writes a chapter, the other reads it and writes "
                "what comes next; a chapter every three weeks.</p>",
            ),
            _t(
                "Illustrer|<p>Les élèves dessinent les scènes de l'autre classe : chacun "
                "illustre ce qu'il a imaginé en lisant.</p>",
                "Illustreren|<p>De leerlingen tekenen de scènes van de andere klas: iedereen "
                "illustreert wat hij zich bij het lezen voorstelde.</p>",
                "Illustrieren|<p>Die Kinder zeichnen die Szenen der anderen Klasse: jedes "
                "illustriert, was es sich beim Lesen vorgestellt hat.</p>",
                "Illustrate|<p>Pupils draw the other class's scenes: each illustrates what "
                "they imagined while reading.</p>",
            ),
            _t(
                "Publier l'e-book|<p>Les classes assemblent le livre, le publient sur la page "
                "publique du projet et l'offrent aux familles.</p>",
                "Het e-book publiceren|<p>De klassen stellen het boek samen, publiceren het "
                "op de openbare pagina van het project en schenken het aan de families.</p>",
                "Das E-Book veröffentlichen|<p>Die Klassen stellen das Buch zusammen, "
                "veröffentlichen es auf der öffentlichen Seite des Projekts und schenken es "
                "den Familien.</p>",
                "Publish the e-book|<p>The classes put the book together, publish it on the "
                "project's public page and give it to the families.</p>",
            ),
        ],
    },
]

FIELDS = ("title", "summary", "objectives", "evaluation", "suggested_tools", "duration")


@transaction.atomic
def seed(stdout) -> None:
    kits = []
    for position, demo in enumerate(KITS, start=1):
        kit = Kit.objects.filter(title_fr=demo["title"]["fr"]).first() or Kit()
        for name in FIELDS:
            for code in LANGS:
                setattr(kit, f"{name}_{code}", demo[name][code])
        kit.duration_weeks = demo["duration_weeks"]
        kit.age_min, kit.age_max = demo["ages"]
        kit.is_published = True
        kit.position = position
        kit.full_clean()
        kit.save()
        kit.subjects.set(Subject.objects.filter(code__in=demo["subjects"]))
        kit.steps.all().delete()
        for number, step in enumerate(demo["steps"], start=1):
            row = KitStep(kit=kit, position=number)
            for code in LANGS:
                row_title, body = step[code].split("|", 1)
                setattr(row, f"title_{code}", row_title)
                setattr(row, f"body_{code}", body)
            row.full_clean()
            row.save()
        kits.append(kit)
    project = Project.objects.filter(title=DEMO_PROJECT_TITLE).first()
    if project is not None:
        KitUse.objects.get_or_create(
            project=project,
            defaults={
                "kit": kits[0],
                "founded_by": project.founded_by,
                "seeded_at": timezone.now(),
            },
        )
    stdout.write(f"Kits: {len(KITS)} project kits.\n")
    with translation.override("fr"):
        url = settings.SITE_URL + reverse("kits:list")
    summary(stdout, TRY, f"project kits, and founding a project from one: {url}")
