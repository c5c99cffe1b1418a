// The LogQL target; see ARCHITECTURE.md.
