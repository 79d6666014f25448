"""The store: SQLAlchemy 2 models, repositories and the unit of work; Alembic migrations in /migrations."""
