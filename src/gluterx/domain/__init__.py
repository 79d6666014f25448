"""The pure core of GluteRx: everything clinical, no I/O, no clock, no frameworks."""
