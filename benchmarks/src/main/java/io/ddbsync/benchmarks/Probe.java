package io.ddbsync.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * What the timing mains ({@link FirstInvocation}, {@link IndexerFirstInvocation}) report: one line
 * of {@code key=value} pairs on standard error, which {@link ChildJvm} parses. Runs in the child
 * JVM beside a Lambda jar, so it uses nothing but the JDK.
 */
final class Probe {

  private Probe() {}

  static double millis(long fromNanos, long toNanos) {
    return (toNanos - fromNanos) / 1e6;
  }

  /** Prints {@code format} (key=value pairs) followed by {@code peak_rss_mib}. */
  static void report(String format, Object... values) {
    Object[] all = Arrays.copyOf(values, values.length + 1);
    all[values.length] = peakRssMib();
    System.err.printf(Locale.ROOT, format + " peak_rss_mib=%.1f%n", all);
  }

  /**
   * The process's peak resident set (VmHWM in /proc/self/status), in MiB: Lambda's "Max Memory
   * Used" counts the whole process, not only the Java heap. -1 where there is no /proc.
   */
  static double peakRssMib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux: no figure.
    }
    return -1;
  }
}
