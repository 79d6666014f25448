"""Adapters around the core: database, web, command line, import and export."""
