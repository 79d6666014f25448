"""GluteRx: an evidence-based glute-training coach."""

__version__ = "0.1.0"
