"""The edges people use: the web app (server, REST API, Gradio UI) and what it renders.

``server`` mounts the UI (``ui/``, one module per tab) on the REST API (``api``) behind
the ``guard``; ``render`` turns answers into safe Markdown; ``status`` reports the index.
"""
