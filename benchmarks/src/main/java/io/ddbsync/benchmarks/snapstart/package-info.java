/**
 * A stand-in for the CRaC implementation that Lambda's runtime provides to SnapStart functions, so
 * that a child JVM can run a function's org.crac hooks as a snapshot and restore would: org.crac
 * bridges to it when started with {@code -Dorg.crac.Core.Compat=io.ddbsync.benchmarks.snapstart}
 * (the same names as {@code jdk.crac}). {@link io.ddbsync.benchmarks.snapstart.Core#checkpointRestore}
 * runs every registered resource's beforeCheckpoint (in reverse order of registration) and then
 * its afterRestore (in order), as Lambda documents; no snapshot is taken.
 */
package io.ddbsync.benchmarks.snapstart;
