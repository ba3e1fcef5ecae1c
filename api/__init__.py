"""The HTTP service and the web chat."""
