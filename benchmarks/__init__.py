"""Benchmarks for Crosscheck, run beside a plain LangChain baseline (``crosscheck bench``)."""
