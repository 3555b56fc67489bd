#!/usr/bin/env python
import os
import sys
from pathlib import Path


def load_local_env():
    """Read the checkout's `.env` (written by `./dev` with DEBUG=1) for management commands.

    Only manage.py reads it, never the WSGI application, and variables already set in the
    environment win: production sets its own and ships no `.env` (.dockerignore), so the
    refusal to serve without a SECRET_KEY stands. ENV_FILE points at another file.
    """
    from dotenv import load_dotenv

    load_dotenv(
        os.environ.get("ENV_FILE", Path(__file__).resolve().parent / ".env"), override=False
    )


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    load_local_env()
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
