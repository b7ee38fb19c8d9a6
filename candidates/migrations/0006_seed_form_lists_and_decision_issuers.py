"""Data: the built-in list of dossier forms (candidates/dossier.py) for every candidacy so far,
and each decision's issuer as a committee (it was typed as a name)."""

from django.db import migrations

from candidates import dossier


def forwards(apps, schema_editor):
    FormList = apps.get_model("candidates", "DossierFormList")
    Form = apps.get_model("candidates", "DossierForm")
    Candidate = apps.get_model("candidates", "Candidate")
    Decision = apps.get_model("candidates", "Decision")
    Committee = apps.get_model("accounts", "Committee")
    seeded = dossier.seed(FormList, Form)
    Candidate.objects.filter(form_list=None).update(form_list=seeded)
    for decision in Decision.objects.filter(issuer_committee=None).select_related(
        "candidate__branch__committee"
    ):
        name = " ".join(decision.issuer.split())
        own = decision.candidate.branch.committee  # the committee that decides: up the tree
        while not own.decides_admissions and own.parent_id:
            own = Committee.objects.get(pk=own.parent_id)
        if own.name.casefold() == name.casefold() or not name:
            committee = own
        else:
            committee = Committee.objects.filter(name__iexact=name).first()
            committee = committee or Committee.objects.create(name=name)
        decision.issuer_committee = committee
        decision.save(update_fields=["issuer_committee"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_branch_session_idle_minutes"),
        ("candidates", "0005_papers_fields_and_form_lists"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
