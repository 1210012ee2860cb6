package io.ddbsync.cli.shared.opensearch;

import java.util.Arrays;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** How the CLI authenticates to OpenSearch: the indexer's OPENSEARCH_AUTH modes, less {@code basic}. */
public enum OpenSearchAuth {
  NONE("none"),
  /** Amazon OpenSearch Service domain: SigV4 for service "es". */
  SIGV4_ES("sigv4-es"),
  /** Amazon OpenSearch Serverless collection: SigV4 for service "aoss". */
  SIGV4_AOSS("sigv4-aoss");

  private final String option;

  OpenSearchAuth(String option) {
    this.option = option;
  }

  @Override
  public String toString() {
    return option;
  }

  /** Accepts only the option values, not picocli's default of the constant names as well. */
  public static final class Converter implements ITypeConverter<OpenSearchAuth> {
    @Override
    public OpenSearchAuth convert(String value) {
      return Arrays.stream(values()).filter(auth -> auth.option.equals(value)).findFirst()
          .orElseThrow(() -> new TypeConversionException("expected none, sigv4-es or sigv4-aoss but was '" + value + "'"));
    }
  }
}
