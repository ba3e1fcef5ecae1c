"""The ``crosscheck`` console entry point: the one package that may import every layer.

Layers import downward only: ``index`` (loading, cleaning, chunking, storing) sits on the
shared document model and settings; ``rag`` (answering) on ``index``; ``api`` and ``eval`` on
both. The command line drives all of them, so it lives above them, here.
"""
