"""Ingestion: source files -> clean, structured text -> cited chunks -> the index.

``loaders`` read each format, ``cleaning`` and ``tables`` undo extraction artefacts,
``sentences`` splits by the documents' language rules (NLTK's only home), ``chunking``
makes passages, ``run`` is the incremental, crash-safe ingest, ``lock`` keeps it to one
at a time per index.
"""
