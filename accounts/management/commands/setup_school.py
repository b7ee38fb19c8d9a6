"""`python manage.py setup_school --branch … --school … --committee … --place … --secretary USER
[--secretary-name …] [--department …] [--password-file F]`."""

import getpass
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from accounts import services
from accounts.setup import QUESTIONS


class Command(BaseCommand):
    """Start a real school on an empty database: its branch, its superior committee and the
    secretary's account (secretary and Party member), without any demo data.

    Why a command as well as the set-up page: the school's IT officer can set up a server from
    a script. What is not given as an option is asked for when the command runs in a terminal;
    the password comes from --password-file (its first line) or is asked for, never from the
    command line, which other users of the machine can read. Refuses (non-zero exit status) a
    branch that is set up already.
    """

    help = "Create the school's branch, its superior committee and the secretary's account."

    def add_arguments(self, parser):
        for question in QUESTIONS:
            help_text = f"{question.label} — {question.example}"
            parser.add_argument(question.option, dest=question.name, help=help_text)
        parser.add_argument("--password-file", help="a file whose first line is the password")

    def handle(self, *args, password_file=None, **options):
        interactive = sys.stdin.isatty()
        answers = {}
        for question in QUESTIONS:
            value = options.get(question.name)
            if value is None and interactive:
                value = self._ask(question)
            if value is None and question.required:
                raise CommandError(
                    _("Missing %(option)s (%(label)s).")
                    % {"option": question.option, "label": question.label}
                )
            answers[question.name] = value or ""
        answers["password"] = self._password(password_file, interactive)
        try:
            branch, secretary = services.school_setup(**answers)
        except services.DomainError as error:
            raise CommandError(error.message) from None
        except ValidationError as error:
            raise CommandError(self._explain(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                _("Created %(branch)s; its secretary signs in as %(username)s.")
                % {"branch": branch.name, "username": secretary.username}
            )
        )

    def _ask(self, question):
        suffix = "" if question.required else _(" (may be left empty)")
        prompt = f"{question.label} — {question.example}{suffix}: "
        while True:
            value = input(prompt).strip()
            if value or not question.required:
                return value

    def _password(self, password_file, interactive):
        if password_file:
            try:
                with open(password_file, encoding="utf-8") as file:
                    return file.readline().rstrip("\r\n")
            except OSError as error:
                raise CommandError(
                    _("Cannot read %(file)s: %(error)s")
                    % {"file": password_file, "error": error.strerror}
                ) from None
        if not interactive:
            raise CommandError(_("Give the password with --password-file FILE."))
        while True:
            password = getpass.getpass(_("Secretary's password: "))
            if password == getpass.getpass(_("The password again: ")):
                return password
            self.stderr.write(_("The two passwords differ."))

    def _explain(self, error):
        labels = {question.name: question.label for question in QUESTIONS}
        labels["password"] = _("Password")
        return "\n".join(
            f"{labels.get(name, name)}: {' '.join(messages)}"
            for name, messages in error.message_dict.items()
        )
