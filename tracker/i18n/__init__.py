"""The person's language: English, German and Spanish.

``text.py`` is plain Python (Babel, no Flask) so the analysis can word its sentences in
the reader's language; ``web.py`` binds it to Flask-Babel and chooses the language of
each request; ``catalogs.py`` compiles the ``translations/*.po`` files the app reads.
"""
