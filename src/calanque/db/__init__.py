"""One small database layer: connections, transactions and a migration list per component."""

from calanque.db.database import Database, DatabaseError, Migration, batched, open_database

__all__ = ["Database", "DatabaseError", "Migration", "batched", "open_database"]
