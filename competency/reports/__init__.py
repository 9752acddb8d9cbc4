"""Report templates and renderers."""
