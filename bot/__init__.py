"""The Rasa engine side: build the Dutch pipeline, train when stale, run everything.

Modules here use only the standard library (plus spaCy in `build_spacy`), so they
run under either virtual environment without importing Rasa or the app.
"""
