package io.ddbsync.benchmarks.snapstart;

/** A group of resources notified together, as in {@code jdk.crac}. */
public abstract class Context<R extends Resource> implements Resource {

  protected Context() {}

  public abstract void register(R resource);
}
