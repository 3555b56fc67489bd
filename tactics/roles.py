"""The two staff roles and what each may do. Applied after every migrate and by
`manage.py setup_roles`; both are idempotent and reset the groups to exactly this."""

from django.contrib.auth.models import Group, Permission

RESEARCHERS = "Researchers"
EDITORS = "Editors"

TACTIC_PARTS = ["tactic", "keyfinding", "implementationstep", "tacticfaq", "category", "platform"]

ROLE_PERMISSIONS = {
    # Researchers record evidence; they read tactics but cannot change or publish them.
    # They never delete evidence: what should no longer count is withdrawn, in public.
    RESEARCHERS: {
        # They add organisations as they meet them, and merge duplicate spellings (a
        # change: the sources move); whether one sells a related product is scored, so it
        # is theirs to record like any other fact about the evidence.
        "sources": {
            "source": ["add", "change", "view"],
            "stance": ["add", "change", "view"],
            "organisation": ["add", "change", "view"],
        },
        "tactics": {model: ["view"] for model in TACTIC_PARTS},
    },
    # Editors own the tactic pages; they read evidence but cannot edit it. They alone
    # delete it (a row entered by mistake; recoverable from history), and they may
    # withdraw it, which is less than deleting and leaves a public trace.
    EDITORS: {
        "tactics": {model: ["add", "change", "delete", "view"] for model in TACTIC_PARTS},
        "sources": {
            "source": ["delete", "view"],
            "stance": ["delete", "view"],
            "organisation": ["delete", "view"],
        },
    },
}
_WITHDRAW = [("sources", "withdraw_source"), ("sources", "withdraw_stance")]
EXTRA_PERMISSIONS = {
    RESEARCHERS: _WITHDRAW,
    EDITORS: [("tactics", "publish_tactic"), *_WITHDRAW],
}


def ensure_roles() -> dict[str, Group]:
    groups = {}
    for name, apps in ROLE_PERMISSIONS.items():
        codenames = [
            (app, f"{action}_{model}")
            for app, models in apps.items()
            for model, actions in models.items()
            for action in actions
        ] + EXTRA_PERMISSIONS.get(name, [])
        permissions = [
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in codenames
        ]
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions)
        groups[name] = group
    return groups
