"""Retrieval, evidence selection, answer composition, verification and contradictions."""
