package io.ddbsync.function.config;

/**
 * One environment variable a function reads: the configuration contract. Each function lists its
 * variables as an enum implementing this interface, so the enum constant's {@link #name()} is the
 * variable's name; pipeline.yaml, the CLI and the docs are checked against that list.
 */
public interface Variable {

  /** The variable's name, e.g. {@code ROUTES}. */
  String name();

  /** The value an unset or blank variable takes; empty when there is none. */
  String defaultValue();
}
