"""reportbot's Discord side."""
