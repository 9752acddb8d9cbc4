"""competency: turn a customer-service competency model into optimal training plans."""

__version__ = "0.1.0"
