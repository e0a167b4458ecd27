"""Reading documents: sources and their passages, numbers as written, every numeric mention
(the scanner), and repeated passages.

- :mod:`.sources`: files read by format, split into passages with exact offsets, with places;
- :mod:`.formats`: one reader per format (text, Markdown, HTML, PDF, Word) and the extraction cache;
- :mod:`.numbers`: a figure as written ("Twenty-eight", "6.7 million pesos") → value and unit;
- :mod:`.scanner`: every numeric mention of a text, with its kind and role;
- :mod:`.passages`: passages stated twice, exactly, nearly or cut short.
"""
