package io.ddbsync.benchmarks.snapstart;

/** A beforeCheckpoint hook failed. */
public class CheckpointException extends Exception {

  private static final long serialVersionUID = 1L;

  public CheckpointException() {}
}
