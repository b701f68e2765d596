"""Kafka clients: producer / consumer / admin factories, bounded range reading, the rate-limited
sender and the bundled development broker."""
