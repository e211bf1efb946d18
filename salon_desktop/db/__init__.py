"""Persistence: SQLAlchemy 2 models, the engine factory and Alembic migrations. No Qt."""

# The newest migration. Start-up compares the database's revision with this
# constant and imports Alembic only when they differ; a test checks it is the
# head of the migration chain.
HEAD_REVISION = "0018"
