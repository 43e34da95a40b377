"""The index: embeddings (cached), the Chroma store, the BM25 keyword index, and the
fused retrieval over them. Chroma lives in ``store`` only, BM25 in ``keyword`` only.
"""
