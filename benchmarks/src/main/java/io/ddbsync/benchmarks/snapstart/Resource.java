package io.ddbsync.benchmarks.snapstart;

/** The hook interface org.crac bridges to, as in {@code jdk.crac}. */
public interface Resource {

  void beforeCheckpoint(Context<? extends Resource> context) throws Exception;

  void afterRestore(Context<? extends Resource> context) throws Exception;
}
