// The Rules target; see ARCHITECTURE.md.
