"""The browser's widgets, one module each, each owning its styles."""
