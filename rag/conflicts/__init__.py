"""The corpus-wide contradiction map: claims with speakers, events, aligned pairs, judges, disputes.

claims -> frames (events) -> align -> judges -> map (persisted in store) -> disputes -> cli / API.
Answers do not read the map; they judge their own question's dispute (``rag.disagreement``).
"""
