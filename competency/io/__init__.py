"""Adapters between files and the domain model: profiles, HR exports, interchange formats."""
