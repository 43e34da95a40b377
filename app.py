"""Run the DSI Assistant web app on the embedded default (local Chroma, bundled embedder,
offline): http://127.0.0.1:7860, with the REST API under /api and its docs at /docs.

On first run it builds the index from corpus/ (with a progress bar) before it starts.
"""

from assistant.app.server import main

if __name__ == "__main__":
    main()
