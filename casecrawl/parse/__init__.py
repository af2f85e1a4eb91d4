"""Pure parsers: one module per page kind, from HTML text to plain data."""
