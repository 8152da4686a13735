"""UI-free application logic: jobs and their planning, profiles, preview content, formatting.

Imports the library (``objstore_tui.object_store``) and never Textual; the UI (``objstore_tui.tui``) builds on it.
"""
