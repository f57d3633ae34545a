"""Builders for the Word templates under templates/docx/ (one module per document type)."""
