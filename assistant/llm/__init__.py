"""Generated answers through an optional OpenAI-compatible LLM (issue 15).

- ``client``: the endpoint (the only module that imports llama-index's ``OpenAILike``,
  lazily), streaming text deltas;
- ``prompt``: the instructions in Danish and English, with a worked example, and the
  fenced passages;
- ``sentences``: generated text -> whole sentences as they complete;
- ``check``: each sentence against the passages it cites;
- ``answerer``: the ``Answerer`` that streams checked sentences, and falls back to the
  extractive answer.

Nothing here is imported unless ``DSI_LLM_URL`` is set.
"""
