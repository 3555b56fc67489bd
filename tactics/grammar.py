"""Number agreement for generated English: every generated sentence that counts something
goes through these, so none can say "All 2 sources", "1 contradict", "0 found mixed
results" or "they" of a single source. Plain functions of plain values; tested in
tests/tactics/test_texts.py and by the property tests over every count."""


def capfirst(text: str) -> str:
    return text[:1].upper() + text[1:]


def join_words(items) -> str:
    """["a", "b", "c"] -> "a, b and c"."""
    items = [str(item) for item in items]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} and {items[-1]}"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """The word alone, agreeing with the count: a noun or a verb ("contradicts"/"contradict")."""
    return singular if count == 1 else (plural_form or singular + "s")


def count_noun(count: int, singular: str, plural_form: str | None = None) -> str:
    """ "1 source", "3 sources"."""
    return f"{count} {plural(count, singular, plural_form)}"


def pronoun(count: int, singular: str = "it", plural_form: str = "they") -> str:
    """ "it" for one thing, "they" (or the given plural form) for several."""
    return singular if count == 1 else plural_form


def every(count: int, noun: str = "source") -> str:
    """The whole of a group: "the one source", "both sources", "all 3 sources"."""
    if count == 1:
        return f"the one {noun}"
    if count == 2:
        return f"both {noun}s"
    return f"all {count} {noun}s"


def no_one_of(count: int, noun: str = "source") -> str:
    """None of a group of two or more, with a singular verb to follow: "neither source",
    "none of the 3 sources". (For one thing, say "the one source … not" instead.)"""
    return f"neither {noun}" if count == 2 else f"none of the {count} {noun}s"


def tally(parts) -> str:
    """(count, singular, plural) parts joined with "and", zero parts left out:
    [(2, "supports it", "support it"), (0, …), (1, "found mixed results", …)]
    -> "2 support it and 1 found mixed results"."""
    return join_words(
        f"{count} {plural(count, singular, plural_form)}"
        for count, singular, plural_form in parts
        if count
    )
