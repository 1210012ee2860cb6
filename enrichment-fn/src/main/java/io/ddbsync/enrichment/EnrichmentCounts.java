package io.ddbsync.enrichment;

/**
 * What one batch became, for the invocation's log line. {@code skipped}: MODIFYs that changed no
 * indexed attribute; {@code ttlKept}: time-to-live REMOVEs dropped because {@code TTL_EXPIRY=keep}.
 * {@code fetches} includes upserts turned into fetches because they were too large. {@code unrouted}:
 * REMOVEs of items no route (and no default index) matched, which therefore had no document.
 */
public record EnrichmentCounts(
    int records, int upserts, int deletes, int fetches, int invalid, int skipped, int ttlKept, int unrouted) {}
