"""Evaluations of the stages on labelled development data (`newsworker eval NAME`)."""
