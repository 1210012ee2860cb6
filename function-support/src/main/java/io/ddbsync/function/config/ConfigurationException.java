package io.ddbsync.function.config;

/** An environment variable with a value the function cannot start with; the message names it. */
public final class ConfigurationException extends RuntimeException {

  private final String variable;

  public ConfigurationException(Variable variable, String problem) {
    super(variable.name() + ": " + problem);
    this.variable = variable.name();
  }

  /** The name of the variable at fault. */
  public String variable() {
    return variable;
  }
}
