from __future__ import annotations

import getpass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from fusee.core import services
from fusee.core.errors import DomainError
from fusee.core.management.checks import ensure_migrated
from fusee.core.models import Role


class Command(BaseCommand):
    help = "Create an admin who can log in (the first one, or another)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True)
        parser.add_argument("--name", default="", help="full name (default: from the email)")
        parser.add_argument(
            "--password-stdin", action="store_true", help="read the password from standard input"
        )

    def handle(self, *args: Any, email: str, name: str, password_stdin: bool, **options: Any) -> None:
        ensure_migrated()
        password = input() if password_stdin else self.ask_password()
        try:
            user = services.user_create(
                actor=None, email=email, full_name=name or email.split("@")[0],
                role=Role.ADMIN, password=password,
            )
        except ValidationError as error:
            raise CommandError("password: " + " ".join(error.messages)) from error
        except DomainError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Admin {user.email} created."))

    def ask_password(self) -> str:
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("the two passwords differ")
        return first
