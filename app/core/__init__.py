"""Infrastructure shared by every domain package: database, storage, PDF rendering, time,
labels, the access policy, the audit trail, concurrency, security headers and logs.
Nothing here imports a domain package (checked by import-linter, see docs/architecture.md)."""
