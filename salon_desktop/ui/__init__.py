"""PySide6 screens. Widgets reach data only through ``AppContext`` services."""
