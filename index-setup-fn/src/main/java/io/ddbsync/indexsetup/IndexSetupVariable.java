package io.ddbsync.indexsetup;

import io.ddbsync.function.config.Variable;

/** The environment variables the index-setup function reads, with their defaults (see {@link IndexSetupConfig}). */
public enum IndexSetupVariable implements Variable {
  OPENSEARCH_ENDPOINT(""),
  OPENSEARCH_AUTH("none"),
  OPENSEARCH_SECRET_ARN("");

  private final String defaultValue;

  IndexSetupVariable(String defaultValue) {
    this.defaultValue = defaultValue;
  }

  @Override
  public String defaultValue() {
    return defaultValue;
  }
}
