// The PromQLTestScripts target; see ARCHITECTURE.md.
