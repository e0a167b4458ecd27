"""Discovery: the relations a document states or implies, found without a hand-written rule.

An editor reading "identified 114 possible victims … Of these, 67 …, 17 …, and 13 were unknown"
adds the parts up without being asked. Discovery does the same for every document of a project:
it reads each sentence (:mod:`auditor.read.context`), finds the relations of each family below,
and hands each one to the engine as an ordinary rule of an existing kind, over figures made in
memory with meaningful ids. GX evaluates them with every other rule.

Families, one module each (its docstring is its documentation):

- :mod:`.breakdowns`: a total followed by its parts;
- :mod:`.shares`: percentages of one whole in one sentence;
- :mod:`.subsets`: a part stated inside its whole ("348 victims (252 children)") against the
  other figures for that part nearby;
- :mod:`.series`: "N in 2018, compared with M in 2017", and the trend words about it
  ("fewer", "increased", "for the second consecutive year", "doubled", "a 26% increase");
- :mod:`.same_period`: one comparison giving one year two values;
- :mod:`.scope_aggregates`: federal and state counts against the whole, nationals and
  foreigners against the total;
- :mod:`.n_of_m`: "17 of 32 states" against the other statements of M;
- :mod:`.restatements`: one measure, scope and period stated again with another value, in
  the same document ("referred all 578 victims") or in another document of the corpus.

Every relation carries a confidence and its evidence. Precision comes first: a relation that
fails is a ``failed`` finding at the discovery severity (``warning`` by default) only when its
confidence reaches :data:`~.model.CONFIDENT`; below that it is reported with severity ``info``.
"""

from __future__ import annotations

from ..read.scanner import scan_source
from ..read.sources import Source
from . import breakdowns, n_of_m, restatements, same_period, scope_aggregates, series, shares, subsets
from .model import CONFIDENT, Discovery, Document, FigureBook, Relation, read_document

#: The families in the order they run; restatements look across documents, the rest within one.
FAMILIES = (breakdowns, shares, subsets, series, same_period, scope_aggregates, n_of_m)

__all__ = ["CONFIDENT", "Discovery", "Document", "Relation", "discover", "FAMILIES"]


def discover(sources: dict[str, Source], mentions: dict[str, list] | None = None,
             across_documents: bool = True) -> Discovery:
    """Every relation found in ``sources`` (``mentions``: their scans, when already made)."""
    documents = [read_document(source, (mentions or {}).get(name) or scan_source(source))
                 for name, source in sources.items()]
    books = {document.name: FigureBook(document) for document in documents}
    relations: list[Relation] = []
    for document in documents:
        book = books[document.name]
        for family in FAMILIES:
            relations.extend(family.find(document, book))
    relations.extend(restatements.find_all(documents, books, across_documents))
    return Discovery(documents, _unique(relations))


def _unique(relations: list[Relation]) -> list[Relation]:
    """One relation per rule id (the first found) and per set of figures and kind."""
    seen_ids: set[str] = set()
    seen_shapes: set[tuple] = set()
    result = []
    for relation in relations:
        shape = (relation.rule.kind, tuple(sorted((f.source, f.start) for f in relation.figures)))
        if relation.rule.id in seen_ids or shape in seen_shapes:
            continue
        seen_ids.add(relation.rule.id)
        seen_shapes.add(shape)
        result.append(relation)
    return result
