"""The few word lists reading needs: what counts people, what counts time, trend words, dimensions.

Kept small and general on purpose: they name kinds of things documents count ("victims",
"cases", "years"), not the sentences of any one document.
"""

from __future__ import annotations

#: Heads that count people; a part counting a kind of person fits any of them.
PEOPLE = {"victim", "trafficker", "defendant", "person", "people", "individual", "suspect", "offender",
          "survivor", "child", "adult", "minor", "man", "woman", "boy", "girl", "male", "female",
          "worker", "national", "citizen", "migrant", "foreigner", "refugee", "official", "officer",
          "perpetrator", "convict", "prisoner", "recruiter", "employer", "student", "resident"}
#: Heads that name what was counted rather than who: a part counting one of these does not fit
#: a total counting another ("15 traffickers (… four sex trafficking cases)").
MEASURES = {"victim", "trafficker", "defendant", "case", "investigation", "prosecution", "conviction",
            "arrest", "suspect", "incident", "call", "report", "facility", "shelter", "center", "operation",
            "inspection", "complaint", "tip", "sentence", "charge", "referral", "organization", "agency",
            "state", "country", "person", "people", "individual", "household", "school", "training"}
DURATIONS = {"year", "month", "week", "day", "hour", "minute", "imprisonment", "decade"}


def is_duration(head: str) -> bool:
    return head in DURATIONS


def compatible_heads(total: str, part: str) -> bool:
    """Can a part counted as ``part`` be one of a total counted as ``total``?"""
    if not part or not total or part == total:
        return True
    if total in PEOPLE and part in PEOPLE:
        return True
    # "6 cases" inside "28 investigations", "five cases" inside "18 offenders", "30 women" inside
    # "48 cases": another measure. A head that is neither ("in the capital") may be a kind.
    counted = MEASURES | PEOPLE
    return not (part in counted and total in counted)


INCREASE = {"more", "increase", "increased", "increasing", "increases", "rose", "risen", "rise", "rising",
            "higher", "grew", "growing", "grown", "greater", "larger", "doubled", "tripled", "up"}
DECREASE = {"fewer", "less", "decrease", "decreased", "decreasing", "decreases", "fell", "fallen",
            "declined", "decline", "declining", "dropped", "drop", "lower", "reduced", "smaller", "down"}

#: Words that say which way a whole is divided; a list whose items change dimension ("91% were
#: male, 58% were white") divides more than one way and is not read as one set of shares.
DIMENSIONS = {
    **dict.fromkeys(("male", "males", "female", "females", "men", "women", "man", "woman", "boys", "girls",
                     "gender"), "sex"),
    **dict.fromkeys(("white", "black", "hispanic", "asian", "latino", "latina", "native", "indigenous",
                     "race", "ethnicity"), "race"),
    **dict.fromkeys(("adults", "adult", "children", "child", "minors", "minor", "juveniles", "age"), "age"),
    **dict.fromkeys(("citizens", "citizen", "nationals", "national", "foreign", "foreigners", "nationality",
                     "nationalities"), "nationality"),
}


def dimension_of(words: list[str]) -> str:
    """The dimension an item's first words name, or ""."""
    for word in words[:4]:
        if word in DIMENSIONS:
            return DIMENSIONS[word]
    return ""


#: Groups of people that contain others: a list naming both ("60 children and 40 girls") counts
#: some people twice, so its parts cannot be added up.
CONTAINS = {
    "child": {"girl", "boy"}, "minor": {"girl", "boy"}, "juvenile": {"girl", "boy"},
    "adult": {"woman", "man"}, "female": {"woman", "girl"}, "male": {"man", "boy"},
    "victim": {"child", "adult", "woman", "man", "girl", "boy", "minor"},
}


def overlapping(groups: list[str]) -> bool:
    """Do some of these groups contain others ("children" and "girls")?"""
    present = {g for g in groups if g}
    return any(CONTAINS.get(g, set()) & present for g in present)
