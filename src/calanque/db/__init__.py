"""One small database layer: connections, transactions and a migration list per component."""

from calanque.db.connect import open_database
from calanque.db.database import Database, DatabaseError, Migration, batched

__all__ = ["Database", "DatabaseError", "Migration", "batched", "open_database"]
