"""The ``competency`` command line: thin click wrappers over the library."""
