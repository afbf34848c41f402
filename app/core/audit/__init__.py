"""The audit trail: append-only, hash-chained events (DESIGN.md rule 5). `record()` is how
every service writes one; the trail pages are in app/audit."""
