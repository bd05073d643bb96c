"""API shapes, named as in the RealWorld OpenAPI specification."""
