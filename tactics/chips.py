"""The filters in force on a list of tactics (the list page, the compare page), each a
link that removes it alone."""


def active_filters(request, filterset):
    """(label, URL without it) for each filter in force, so each can be removed alone."""
    # Invalid fields are absent from cleaned_data: only what actually filters is shown.
    data = filterset.form.cleaned_data if filterset.is_bound else {}
    choices = {
        "confidence": dict(filterset.filters["confidence"].extra["choices"]),
        "direction": dict(filterset.filters["direction"].extra["choices"]),
        "contested": dict(filterset.filters["contested"].extra["choices"]),
        "impact": dict(filterset.filters["impact"].extra["choices"]),
        "platform_direction": dict(filterset.filters["platform_direction"].extra["choices"]),
        "platform_confidence": dict(filterset.filters["platform_confidence"].extra["choices"]),
    }

    def without(name, value=None):
        params = request.GET.copy()
        params.pop("page", None)
        if name == "platform_grade":
            # What is said "there" and the platform's sort mean nothing without it.
            params.pop("platform_direction", None)
            params.pop("platform_confidence", None)
            if params.get("order") == "platform":
                params.pop("order")
        if value is None:
            params.pop(name, None)
        else:
            params.setlist(name, [v for v in params.getlist(name) if v != value])
        query = params.urlencode()
        return f"?{query}" if query else request.path

    chips = []
    for value in data.get("confidence") or []:
        chips.append((f"{choices['confidence'][value]} confidence", without("confidence", value)))
    if data.get("q"):
        chips.append((f"Search: “{data['q']}”", without("q")))
    if data.get("direction"):
        chips.append((f"Evidence: {choices['direction'][data['direction']]}", without("direction")))
    for name in ("category", "platform"):
        if data.get(name):
            chips.append((data[name].name, without(name)))
    if data.get("score_min") is not None:
        chips.append((f"Score from {data['score_min']}", without("score_min")))
    if data.get("score_max") is not None:
        chips.append((f"Score up to {data['score_max']}", without("score_max")))
    if data.get("contested"):
        chips.append((choices["contested"][data["contested"]], without("contested")))
    for value in data.get("impact") or []:
        chips.append((f"{choices['impact'][value]} impact", without("impact", value)))
    if data.get("platform_grade"):
        chips.append((f"Graded on {data['platform_grade'].name}", without("platform_grade")))
        for name in ("platform_direction", "platform_confidence"):
            if data.get(name):
                label = choices[name][data[name]]
                words = "There: " if name == "platform_direction" else "There, at least "
                chips.append((f"{words}{label}", without(name)))
    return chips
