"""The app's database: SQLAlchemy 2 models, engine set-up, and time in one convention."""
