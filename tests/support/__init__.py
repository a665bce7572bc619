"""What the tests share besides fixtures: factories, sign-in, database helpers, files to
upload, loopback servers and readers for what the app writes. Fixtures stay in conftest.py."""
