"""Contradictions: claims with speakers, candidate pairs, judges, and the corpus-wide map.

claims -> stance -> pairs -> judges -> map (persisted in store) -> finder (answers) / cli / API.
"""
