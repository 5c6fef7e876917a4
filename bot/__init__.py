"""The Rasa engine side: build the Dutch pipeline, generate, train when stale, run everything.

Modules here use only the standard library (plus spaCy in `build_spacy`), so they
run under either virtual environment without importing Rasa or the app. The one
exception is `generate`, which reads the catalogue and runs in the app environment.
"""
