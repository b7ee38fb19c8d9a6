"""A form recorded once however many times it is sent (double click, Back and resend).

Each rendered form carries a random token (`forms.fields.OnceForm`). The token is stored in the
same transaction as what the form records: if the service refuses, both roll back and the form
can be sent again; once recorded, a second sending finds the token and records nothing.
"""

from django.db import IntegrityError, transaction

from ..models import SubmissionToken


def submission_result(*, token, actor):
    """Where the first sending of the form with `token` led, if it was recorded; else None."""
    if not token:
        return None
    return (
        SubmissionToken.objects.filter(token=token, user=actor)
        .values_list("result", flat=True)
        .first()
    )


def submit_once(*, token, actor, work):
    """Run `work()` — which records (raising DomainError to refuse) and returns the URL of what
    it recorded — once per token. Returns (url, True) the first time, and (the first time's url,
    False) for the same token sent again. Without a token, `work()` simply runs."""
    if not token:
        return work(), True
    with transaction.atomic():
        try:
            # A savepoint of its own: the insert that fails leaves the transaction usable. Two
            # sendings at once: the second waits on the unique token until the first ends.
            with transaction.atomic():
                used = SubmissionToken.objects.create(token=token, user=actor)
        except IntegrityError:
            earlier = SubmissionToken.objects.filter(token=token, user=actor).first()
            return (earlier.result if earlier else ""), False
        url = work()
        used.result = url or ""
        used.save(update_fields=["result"])
        return url, True
