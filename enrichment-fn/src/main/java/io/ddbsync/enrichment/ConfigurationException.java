package io.ddbsync.enrichment;

/** An environment variable with a value the function cannot start with; the message names it. */
public final class ConfigurationException extends RuntimeException {
  public ConfigurationException(String variable, String problem) {
    super(variable + ": " + problem);
  }
}
