package io.ddbsync.benchmarks.snapstart;

/** An afterRestore hook failed. */
public class RestoreException extends Exception {

  private static final long serialVersionUID = 1L;

  public RestoreException() {}
}
