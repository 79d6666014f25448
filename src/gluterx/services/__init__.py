"""Use cases: what a person, the CLI and the web app can ask GluteRx to do."""
