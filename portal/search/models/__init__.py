"""What search keeps in the database: the outbox of records to re-index, and the French-English glossary it
expands queries with."""
from .glossary import GlossaryTerm
from .outbox import SearchOutbox

__all__ = ["GlossaryTerm", "SearchOutbox"]
