"""The few word lists discovery needs: what counts people, what counts time, trend words.

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
    # "6 cases" inside "28 investigations" is another measure; an adjective-like head is not.
    return not (part in MEASURES and total in MEASURES)


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
