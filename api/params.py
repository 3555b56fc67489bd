"""OpenAPI parameter objects written from a filterset, so the document lists exactly the
parameters the view reads, with the list page's labels and choices; declaring them a
second time as Ninja arguments would let the two drift apart."""

from decimal import Decimal

import django_filters


def _plain(value):
    """A bound as a JSON number (the filters declare some as Decimal)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _schema(flt) -> dict:
    extra = flt.extra
    if isinstance(flt, django_filters.ModelChoiceFilter):
        return {"type": "string"}
    if isinstance(flt, django_filters.MultipleChoiceFilter):
        return {
            "type": "array",
            "items": {"type": "string", "enum": [value for value, _ in extra["choices"]]},
        }
    if isinstance(flt, django_filters.ChoiceFilter):
        return {"type": "string", "enum": [value for value, _ in extra["choices"]]}
    if isinstance(flt, django_filters.NumberFilter):
        whole = extra.get("decimal_places") == 0
        schema = {"type": "integer" if whole else "number"}
        if extra.get("min_value") is not None:
            schema["minimum"] = _plain(extra["min_value"])
        if extra.get("max_value") is not None:
            schema["maximum"] = _plain(extra["max_value"])
        return schema
    schema = {"type": "string"}
    if extra.get("max_length"):
        schema["maxLength"] = extra["max_length"]
    return schema


def _description(flt) -> str:
    label = str(flt.label or "")
    if isinstance(flt, django_filters.ModelChoiceFilter):
        key = flt.extra.get("to_field_name") or "id"
        return f"{label}: its {key}."
    if isinstance(flt, django_filters.MultipleChoiceFilter):
        return f"{label}: repeat the parameter for several values (any of them matches)."
    return label


def query_parameters(filterset_class) -> list[dict]:
    parameters = []
    for name, flt in filterset_class.base_filters.items():
        parameter = {
            "name": name,
            "in": "query",
            "required": False,
            "description": _description(flt),
            "schema": _schema(flt),
        }
        if parameter["schema"]["type"] == "array":
            # ?impact=large&impact=moderate, as the list page's checkboxes send it.
            parameter.update(style="form", explode=True)
        parameters.append(parameter)
    return parameters
