"""The fit check (issue 14): does a municipality's welfare problem fit a social investment?

- ``criteria``: the criteria, curated in ``corpus/fit-criteria.json``, each with quotes
  that are verified against the indexed documents (a criterion without a verified quote
  is left out and reported);
- ``form``: the municipality's answers (``FitForm``); ``intent``: whether a chat question
  asks if a problem fits (the chat then points to the fit check);
- ``rules``: each criterion's status from explicit rules on the answers;
- ``similar``: the portfolio rows closest to the problem, and whether it falls inside
  DSI's investment areas (the embedder, with a calibrated floor);
- ``report``: the ``FitReport``, as JSON and as Markdown (its words: ``texts``); ``pdf``:
  as a PDF.
"""
