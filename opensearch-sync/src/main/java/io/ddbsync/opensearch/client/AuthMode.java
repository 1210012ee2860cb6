package io.ddbsync.opensearch.client;

/** How requests to OpenSearch are authenticated. */
public enum AuthMode {
  NONE,
  BASIC,
  /** SigV4 for an Amazon OpenSearch Service domain (service name {@code es}). */
  SIGV4_ES,
  /** SigV4 for an OpenSearch Serverless collection (service name {@code aoss}). */
  SIGV4_AOSS;

  public static AuthMode parse(String text) {
    return switch (text) {
      case "none" -> NONE;
      case "basic" -> BASIC;
      case "sigv4-es" -> SIGV4_ES;
      case "sigv4-aoss" -> SIGV4_AOSS;
      default ->
          throw new IllegalArgumentException(
              "OPENSEARCH_AUTH must be none, basic, sigv4-es or sigv4-aoss, not '" + text + "'");
    };
  }
}
