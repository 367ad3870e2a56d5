"""Search: the one place that knows about Whoosh. Features only register SearchDocument providers."""
