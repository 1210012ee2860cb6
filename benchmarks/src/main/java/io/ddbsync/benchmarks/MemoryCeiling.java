package io.ddbsync.benchmarks;

import io.ddbsync.opensearch.embedded.EmbeddedOpenSearch;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntPredicate;

/**
 * The largest batches each function handles, in fresh JVMs capped like a Lambda of a given
 * MemorySize: the smallest heap ({@code -Xmx}, bisected) that runs the batch twice (a cold and a warm
 * invocation), and the outcome under the flags Lambda's Java runtime is reported to set for a
 * MemorySize M: heap 85 %, metaspace 10 %, code cache 5 % of M, serial GC (the JVM's own choice
 * with under 1,792 MB), plus {@code -XX:TieredStopAtLevel=1}. Batches from {@link LargeBatches}:
 *
 * <ul>
 *   <li>enrichment: 10 stream records filling 6 MiB;
 *   <li>indexer: 10 messages of 1 MiB (more than Lambda's 6 MB invocation payload lets through),
 *       and the largest event of 1 MiB messages that fits 6 MB; idempotency off.
 * </ul>
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.ddbsync.benchmarks.MemoryCeiling</pre>
 */
public final class MemoryCeiling {

  static final List<Integer> MEMORY_SIZES_MB = List.of(256, 512, 1024);
  private static final int STEP_MB = 4;
  private static final Duration TIMEOUT = Duration.ofMinutes(3);
  private static final List<String> COMMON_FLAGS =
      List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError");

  /** A batch file and how to run one fresh JVM on it with some flags. */
  private interface Workload {
    String name();

    ChildJvm.Result run(List<String> flags);
  }

  public static void main(String[] args) throws Exception {
    Path enrichmentJar = LambdaJars.require(LambdaJars.ENRICHMENT);
    Path indexerJar = LambdaJars.require(LambdaJars.INDEXER);
    ChildJvm jvm = ChildJvm.create();
    Instant started = Instant.now();
    String loadBefore = ColdStart.loadAverage();
    Path dir = Files.createTempDirectory("ddbsync-memory-");
    dir.toFile().deleteOnExit();

    Path enrichmentBatch = write(dir, "enrichment-6mib.json", LargeBatches.enrichmentBatch(LargeBatches.SIX_MIB));
    Path indexerTen = write(dir, "indexer-10x1mib.json", LargeBatches.indexerEvent(10, LargeBatches.ONE_MIB));
    int fitting = 10;
    while (LargeBatches.indexerEvent(fitting, LargeBatches.ONE_MIB).length > LargeBatches.SIX_MIB) {
      fitting--;
    }
    Path indexerFitting =
        write(dir, "indexer-" + fitting + "x1mib.json", LargeBatches.indexerEvent(fitting, LargeBatches.ONE_MIB));

    List<String> lines = new ArrayList<>();
    try (EmbeddedOpenSearch node = EmbeddedOpenSearch.start()) {
      URI openSearch = node.httpUri();
      HttpClient http = HttpClient.newHttpClient();
      List<Workload> workloads = new ArrayList<>();
      workloads.add(workload("enrichment, 10 records, " + size(enrichmentBatch), flags ->
          jvm.run(enrichmentJar, flags, FirstInvocation.class, LambdaJars.enrichmentEnv(),
              List.of(enrichmentBatch.toString()), TIMEOUT)));
      for (Path event : List.of(indexerTen, indexerFitting)) {
        int messages = event.equals(indexerTen) ? 10 : fitting;
        workloads.add(workload("indexer, " + messages + " messages of 1 MiB, event " + size(event), flags -> {
          LambdaJars.recreate(http, openSearch, Set.of("large-orders"));
          ChildJvm.Result result = jvm.run(indexerJar, flags, IndexerFirstInvocation.class,
              LambdaJars.indexerEnv(openSearch, "", ""), List.of(event.toString()), TIMEOUT);
          return !result.ok() || String.valueOf(messages).equals(result.values().get("messages"))
              ? result
              : failed(result);
        }));
      }

      for (Workload workload : workloads) {
        Map<Integer, ChildJvm.Result> byHeap = new HashMap<>();
        int smallest = smallestPassing(16, 1024, STEP_MB, heapMb -> {
          ChildJvm.Result result = workload.run(with(COMMON_FLAGS, "-Xmx" + heapMb + "m"));
          System.err.printf(Locale.ROOT, "%s -Xmx%dm: %s%n", workload.name(), heapMb, describe(result));
          byHeap.put(heapMb, result);
          return result.ok();
        });
        StringBuilder line = new StringBuilder("| ").append(workload.name()).append(" | ");
        line.append(smallest < 0
            ? "none up to 1024 MiB"
            : String.format(Locale.ROOT, "**%d MiB** (peak RSS %.0f MiB)",
                smallest, byHeap.get(smallest).number("peak_rss_mib")));
        for (int memoryMb : MEMORY_SIZES_MB) {
          ChildJvm.Result result = workload.run(lambdaFlags(memoryMb));
          System.err.printf(Locale.ROOT, "%s MemorySize %d: %s%n", workload.name(), memoryMb, describe(result));
          line.append(" | ").append(result.ok()
              ? String.format(Locale.ROOT, "ok, peak RSS %.0f MiB, first %.0f ms, second %.0f ms",
                  result.number("peak_rss_mib"), result.number("first_invocation_ms"),
                  result.number("second_invocation_ms"))
              : "fails: " + failure(result));
        }
        lines.add(line.append(" |").toString());
      }
    }

    System.out.printf(Locale.ROOT, "%s, %d CPUs, started %s, load average before/after: %s / %s%n%n",
        ChildJvm.javaVersion(), Runtime.getRuntime().availableProcessors(),
        started.truncatedTo(ChronoUnit.SECONDS), loadBefore, ColdStart.loadAverage());
    StringBuilder header = new StringBuilder("| batch | smallest -Xmx that runs it twice");
    StringBuilder rule = new StringBuilder("| --- | ---");
    for (int memoryMb : MEMORY_SIZES_MB) {
      header.append(" | as MemorySize ").append(memoryMb).append(" (").append(String.join(" ", lambdaFlags(memoryMb))).append(")");
      rule.append(" | ---");
    }
    System.out.println(header.append(" |"));
    System.out.println(rule.append(" |"));
    lines.forEach(System.out::println);
  }

  /**
   * The smallest multiple of {@code step} in [{@code low}, {@code high}] for which {@code passes}
   * holds, assuming that it holds for every value above one that passes; -1 when {@code high} fails.
   */
  static int smallestPassing(int low, int high, int step, IntPredicate passes) {
    int bottom = Math.max(step, (low + step - 1) / step * step);
    int top = high / step * step;
    if (!passes.test(top)) {
      return -1;
    }
    int failing = bottom - step;
    int passing = top;
    while (passing - failing > step) {
      int middle = (failing + passing) / 2 / step * step;
      if (middle <= failing) {
        middle = failing + step;
      }
      if (passes.test(middle)) {
        passing = middle;
      } else {
        failing = middle;
      }
    }
    return passing;
  }

  /** The flags Lambda's Java runtime is reported to start the JVM with for {@code memoryMb}. */
  static List<String> lambdaFlags(int memoryMb) {
    return List.of(
        "-Xmx" + memoryMb * 85 / 100 + "m",
        "-XX:MaxMetaspaceSize=" + memoryMb * 10 / 100 + "m",
        "-XX:ReservedCodeCacheSize=" + memoryMb * 5 / 100 + "m",
        "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1",
        "-XX:+ExitOnOutOfMemoryError");
  }

  private static List<String> with(List<String> flags, String flag) {
    List<String> all = new ArrayList<>(flags);
    all.add(flag);
    return all;
  }

  private static Workload workload(String name, Function<List<String>, ChildJvm.Result> run) {
    return new Workload() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public ChildJvm.Result run(List<String> flags) {
        ChildJvm.Result result = run.apply(flags);
        return !result.ok() || "0".equals(result.values().getOrDefault("failed", "0")) ? result : failed(result);
      }
    };
  }

  /** The same result, but not ok: the batch was not applied in full. */
  private static ChildJvm.Result failed(ChildJvm.Result result) {
    return new ChildJvm.Result(
        result.exitCode() == 0 ? 1 : result.exitCode(), result.wholeSeconds(), result.startedAtMillis(), Map.of(),
        result.stderr() + "\n(messages reported failed or missing: " + result.values() + ")");
  }

  private static String describe(ChildJvm.Result result) {
    return result.ok() ? result.values().toString() : "failed: " + failure(result);
  }

  private static String failure(ChildJvm.Result result) {
    if (result.exitCode() == 3) {
      // -XX:+ExitOnOutOfMemoryError's exit status; the JVM says which space on the discarded stdout.
      return "OutOfMemoryError";
    }
    String stderr = result.stderr();
    for (String cause : List.of("Java heap space", "Metaspace", "CodeCache", "killed after", "messages reported failed")) {
      if (stderr.contains(cause)) {
        return cause;
      }
    }
    return "exit " + result.exitCode();
  }

  private static Path write(Path dir, String name, byte[] content) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, content);
    file.toFile().deleteOnExit();
    return file;
  }

  private static String size(Path file) {
    return String.format(Locale.ROOT, "%,d bytes", LambdaJars.size(file));
  }

  private MemoryCeiling() {}
}
