"""The browser's screens and dialogs, one module each."""
