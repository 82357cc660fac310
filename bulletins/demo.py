"""Demo bulletin for FWB: last month's issue, sent (so the archive is not
empty), and this month's draft. Idempotent: looked up by service and month."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import SupportService
from bulletins.models import BulletinIssue, BulletinSection, Delivery, DeliveryStatus, IssueStatus
from bulletins.selectors import bulletin_recipients
from bulletins.services import issue_draft_for_month

SENT_ISSUE = {
    "subject": {
        "fr": "Liaison eTwinning — des partenaires pour la rentrée",
        "nl": "Liaison eTwinning — partners voor het nieuwe schooljaar",
        "de": "Liaison eTwinning — Partner für das neue Schuljahr",
        "en": "Liaison eTwinning — partners for the new school year",
    },
    "intro": {
        "fr": "Chères et chers collègues,\n\nLa rentrée est le bon moment pour lancer un projet : voici les nouvelles du mois.",
        "nl": "Beste collega's,\n\nDe start van het schooljaar is het ideale moment om een project te beginnen: dit is het nieuws van de maand.",
        "de": "Liebe Kolleginnen und Kollegen,\n\nDer Schulbeginn ist der richtige Moment, ein Projekt zu starten: hier die Neuigkeiten des Monats.",
        "en": "Dear colleagues,\n\nThe start of the school year is the right time to launch a project: here is this month's news.",
    },
}
SENT_SECTIONS = [
    {
        "title": {
            "fr": "Un voyage virtuel pour votre mascotte",
            "nl": "Een virtuele reis voor je mascotte",
            "de": "Eine virtuelle Reise für Ihr Maskottchen",
            "en": "A virtual journey for your mascot",
        },
        "body": {
            "fr": "Une école primaire de Liège cherche trois classes de 8 à 10 ans pour faire voyager sa mascotte :\n- en Espagne, en Pologne ou en Grèce ;\n- d'octobre à mai ;\n- en français ou en anglais.",
            "nl": "Een basisschool in Luik zoekt drie klassen van 8 tot 10 jaar om haar mascotte te laten reizen:\n- in Spanje, Polen of Griekenland;\n- van oktober tot mei;\n- in het Frans of het Engels.",
            "de": "Eine Grundschule in Lüttich sucht drei Klassen (8 bis 10 Jahre), mit denen ihr Maskottchen reisen kann:\n- in Spanien, Polen oder Griechenland;\n- von Oktober bis Mai;\n- auf Französisch oder Englisch.",
            "en": "A primary school in Liège is looking for three classes aged 8 to 10 to send its mascot travelling:\n- in Spain, Poland or Greece;\n- from October to May;\n- in French or English.",
        },
    },
    {
        "title": {
            "fr": "Formation gratuite : démarrer avec eTwinning",
            "nl": "Gratis opleiding: aan de slag met eTwinning",
            "de": "Kostenlose Fortbildung: Einstieg in eTwinning",
            "en": "Free training: getting started with eTwinning",
        },
        "body": {
            "fr": "Une demi-journée à Bruxelles pour créer son premier projet et découvrir le TwinSpace. Inscriptions sur le portail.",
            "nl": "Een halve dag in Brussel om je eerste project op te zetten en de TwinSpace te ontdekken. Inschrijven via het portaal.",
            "de": "Ein halber Tag in Brüssel, um das erste Projekt anzulegen und den TwinSpace zu entdecken. Anmeldung über das Portal.",
            "en": "Half a day in Brussels to set up your first project and discover the TwinSpace. Register on the portal.",
        },
    },
    {
        "title": {
            "fr": "Concours FWB : pensez-y dès maintenant",
            "nl": "FWB-wedstrijd: denk er nu al aan",
            "de": "FWB-Wettbewerb: denken Sie jetzt schon daran",
            "en": "FWB contest: think about it now",
        },
        "body": {
            "fr": "Les projets se déposent avant le 30 juin ; la remise des prix a lieu mi-octobre. Les prix financent du matériel multimédia pour votre école.",
            "nl": "Projecten worden ingediend vóór 30 juni; de prijsuitreiking vindt half oktober plaats. De prijzen financieren multimediamateriaal voor je school.",
            "de": "Projekte werden vor dem 30. Juni eingereicht; die Preisverleihung findet Mitte Oktober statt. Die Preise finanzieren Multimedia-Ausstattung für Ihre Schule.",
            "en": "Projects are submitted before 30 June; the prize ceremony is in mid-October. The prizes fund multimedia equipment for your school.",
        },
    },
]


@transaction.atomic
def seed(stdout) -> None:
    service = SupportService.objects.get(code="be-fwb")
    today = timezone.localdate().replace(day=1)
    last_month = (today - datetime.timedelta(days=1)).replace(day=1)
    sent = BulletinIssue.objects.filter(service=service, issue_month=last_month).first()
    if sent is None:
        sent = BulletinIssue(service=service, issue_month=last_month)
        for code, text in SENT_ISSUE["subject"].items():
            setattr(sent, f"subject_{code}", text)
        for code, text in SENT_ISSUE["intro"].items():
            setattr(sent, f"intro_{code}", text)
        started = timezone.now() - datetime.timedelta(days=20)
        sent.status = IssueStatus.SENT
        sent.send_at = sent.started_at = sent.prepared_at = started
        sent.finished_at = started + datetime.timedelta(minutes=3)
        sent.full_clean()
        sent.save()
        for position, data in enumerate(SENT_SECTIONS, start=1):
            section = BulletinSection(issue=sent, position=position * 10)
            for code in data["title"]:
                setattr(section, f"title_{code}", data["title"][code])
                setattr(section, f"body_{code}", data["body"][code])
            section.save()
        for batch in bulletin_recipients(service=service):
            Delivery.objects.bulk_create(
                [
                    Delivery(
                        issue=sent,
                        email=r.email,
                        language=r.language,
                        user_id=r.user_id,
                        school_id=r.school_id,
                        status=DeliveryStatus.SENT,
                        attempts=1,
                        sent_at=sent.finished_at,
                    )
                    for r in batch
                ],
                ignore_conflicts=True,
            )
    # A school's address the last issue bounced from: the FWB staff desk's bounces line.
    bounced = Delivery.objects.filter(issue=sent, school__isnull=False).order_by("pk")[:1]
    Delivery.objects.filter(pk__in=list(bounced.values_list("pk", flat=True))).exclude(
        status=DeliveryStatus.BOUNCED
    ).update(status=DeliveryStatus.BOUNCED, error="550 5.1.1 adresse inconnue (démonstration)")
    draft, _created = issue_draft_for_month(service=service, issue_month=today)
    stdout.write(
        f"Bulletin: sent issue {sent.pk} in the archive, draft {draft.pk} for {today:%m/%Y}.\n"
    )
