"""The pure core: messages, the pipeline seam (bytes + origin in, output out), ids, schemas,
dead letters, provenance and settings. Imports nothing from the stream runtime, Kafka or commands."""
