"""Ingestion: discover files, parse them to text, analyse the text, write records."""
