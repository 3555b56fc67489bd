"""The one change web/page_invalidation.py does not already carry to the dataset: a stance
edit that keeps its tactic, source, position and withdrawal (a finding reworded, an effect
size corrected, a check recorded) bumps only that tactic's and that source's own pages,
while the downloads print every stance. It bumps `open-data` here, through the page
cache's public `invalidate`, on the same commit as the rest.

To move into web/page_invalidation.py (`_stance_changed`) when the lead next edits it.
"""

from django.db.models.signals import post_delete, post_save

from sources.models import Stance
from web.page_cache import invalidate

TAG = "open-data"


def _stance_saved(sender, instance, using="default", raw=False, **kwargs):
    invalidate({TAG}, using)


def connect():
    post_save.connect(_stance_saved, sender=Stance, dispatch_uid="opendata.stance_saved")
    post_delete.connect(_stance_saved, sender=Stance, dispatch_uid="opendata.stance_deleted")
