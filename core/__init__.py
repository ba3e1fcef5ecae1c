"""The small core every layer may import: the document model and the settings.

Imports point down only: ``index`` -> ``core``; ``rag`` -> ``index``, ``core``; ``api`` and
``eval`` -> ``rag``, ``index``, ``core``; the ``crosscheck`` command line -> everything.
``tests/test_layers.py`` keeps it so.
"""
