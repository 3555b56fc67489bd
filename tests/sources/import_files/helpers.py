"""Upload, preview and confirm through the admin, as a researcher's browser does."""

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

FILES = Path(__file__).parent


def import_url(model_name: str) -> str:
    return reverse(f"admin:sources_{model_name}_import")


def upload(client, model_name: str, name: str, content: bytes | None = None):
    """POST a file (from this folder, or `content` under `name`) to the import page."""
    if content is None:
        content = (FILES / name).read_bytes()
    return client.post(import_url(model_name), {"file": SimpleUploadedFile(name, content)})


def statuses(response) -> dict[str, str]:
    """{where: status} of the preview on the page."""
    return {planned.row.where: planned.status for planned in response.context["plan"].rows}


def confirm(client, model_name: str, preview):
    """Press Confirm on a preview page; follows the redirect."""
    payload = preview.context["payload"]
    return client.post(import_url(model_name), {"payload": payload}, follow=True)
