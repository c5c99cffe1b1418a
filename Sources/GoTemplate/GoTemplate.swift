// The GoTemplate target; see ARCHITECTURE.md.
