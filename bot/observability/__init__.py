"""Running reportbot for real: metrics, health endpoint, logs with secrets redacted, shutdown.

Each piece stands alone (no Discord import) so the adapter can plug it in with a few calls and
the tests can exercise it over real HTTP, real log handlers and real signals.
"""
