"""One module per CLI command; each exposes ``register(app)``. Rendering lives in auditor.report."""
