"""The stream runtime: the Faust app, its agents (thin loops), delivery, metrics, progress and
the stage process pool."""
