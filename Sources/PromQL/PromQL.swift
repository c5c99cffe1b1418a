// The PromQL target; see ARCHITECTURE.md.
