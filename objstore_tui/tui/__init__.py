"""The Textual UI: the app, its screens, dialogs and widgets. Only this layer imports Textual."""
