"""The portfolio: DSI's investments and partnerships as rows, and exact answers about them.

``data`` reads and checks the rows (CSV, snapshot); ``understand`` recognises a portfolio
question; ``compute`` works out and words the answer; ``answer`` cites rows and checks
them against the documents; ``answerer`` is what the pipeline routes to; ``view`` shapes
the rows for the portfolio tab.
"""
