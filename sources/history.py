from simple_history.models import HistoricalRecords


class SourceHistoricalRecords(HistoricalRecords):
    """History for Source that also follows platform links changed from the platform's side.

    django-simple-history assumes an m2m change arrives from the model that declares the
    field; `platform.sources.add(source)` arrives with the platform instead and would crash.
    Such a change is recorded as a change of each source it touches.

    A fixture load (`loaddata`, raw=True) records nothing: the fixture carries its history
    rows itself, and rows recorded during the load would collide with their ids.
    django-simple-history 3.13 ignores the `raw` flag Django 6 passes with m2m_changed.
    """

    def m2m_changed(self, instance, action, attr, pk_set, reverse, raw=False, **kwargs):
        if raw:
            return None
        if not reverse:
            return super().m2m_changed(instance, action, attr, pk_set, reverse, **kwargs)
        if action == "pre_clear":
            instance._history_cleared_source_ids = list(
                instance.sources.values_list("pk", flat=True)
            )
            return None
        if action == "post_clear":
            pk_set = getattr(instance, "_history_cleared_source_ids", [])
        elif action not in ("post_add", "post_remove"):
            return None
        for source in self.cls.objects.filter(pk__in=pk_set or ()):
            super().m2m_changed(source, action, attr, {instance.pk}, False, **kwargs)
        return None
