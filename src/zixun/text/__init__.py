"""Chinese text understanding."""
