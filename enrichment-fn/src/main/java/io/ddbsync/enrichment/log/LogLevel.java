package io.ddbsync.enrichment.log;

/** {@code LOG_LEVEL}: lines below it are not written. */
public enum LogLevel {
  DEBUG,
  INFO,
  WARN,
  ERROR
}
