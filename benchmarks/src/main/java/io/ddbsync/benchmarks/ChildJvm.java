package io.ddbsync.benchmarks;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a timing main ({@link FirstInvocation}, {@link IndexerFirstInvocation}) in a fresh JVM whose
 * class path is only a Lambda jar and the few timing classes, copied out of this jar into a
 * directory of their own, so that nothing else (JMH, the OpenSearch node) can be loaded from it.
 */
final class ChildJvm {

  /**
   * The classes the children run: the timing mains, their nested classes, {@link Probe}, and the
   * stand-in for Lambda's CRaC context.
   */
  static final List<Class<?>> TIMING_CLASSES =
      List.of(
          FirstInvocation.class,
          IndexerFirstInvocation.class,
          Probe.class,
          io.ddbsync.testsupport.TestContext.class,
          io.ddbsync.benchmarks.snapstart.Core.class,
          io.ddbsync.benchmarks.snapstart.Context.class,
          io.ddbsync.benchmarks.snapstart.Resource.class,
          io.ddbsync.benchmarks.snapstart.CheckpointException.class,
          io.ddbsync.benchmarks.snapstart.RestoreException.class);

  /** Makes org.crac in the child bridge to {@link io.ddbsync.benchmarks.snapstart}. */
  static final String SNAPSTART_FLAG = "-Dorg.crac.Core.Compat=io.ddbsync.benchmarks.snapstart";

  /**
   * What one child reported, its wall time from process start to exit, and when it was started
   * (epoch milliseconds, the clock the child reports first_response_at_ms on).
   */
  record Result(int exitCode, double wholeSeconds, long startedAtMillis, Map<String, String> values, String stderr) {

    /** From starting the process to the first response, JVM start-up included. */
    double firstResponseSeconds() {
      return (number("first_response_at_ms") - startedAtMillis) / 1e3;
    }

    boolean ok() {
      return exitCode == 0 && values.containsKey("first_invocation_ms");
    }

    double number(String key) {
      String value = values.get(key);
      if (value == null) {
        throw new IllegalStateException("the child reported no " + key + "; its stderr:\n" + stderr);
      }
      return Double.parseDouble(value);
    }

    double number(String key, double absent) {
      return values.containsKey(key) ? Double.parseDouble(values.get(key)) : absent;
    }
  }

  private final Path java;
  private final Path timingClasses;

  private ChildJvm(Path java, Path timingClasses) {
    this.java = java;
    this.timingClasses = timingClasses;
  }

  /** Copies the timing classes into a fresh temporary directory, deleted when this JVM exits. */
  static ChildJvm create() {
    try {
      Path dir = Files.createTempDirectory("ddbsync-timing-classes-");
      Path root = classPathRoot(ChildJvm.class);
      for (Class<?> type : TIMING_CLASSES) {
        copyClassFiles(root, type, dir);
      }
      deleteOnExit(dir);
      return new ChildJvm(Path.of(System.getProperty("java.home"), "bin", "java"), dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Runs {@code main} with {@code jvmFlags}, the class path {@code lambdaJar} plus the timing
   * classes, exactly the environment {@code env} (nothing inherited, as in Lambda) and {@code args}.
   * The child's standard output (the function's log and metrics lines) is discarded. A child still
   * running after {@code timeout} is killed and reported with exit code -1.
   */
  Result run(
      Path lambdaJar, List<String> jvmFlags, Class<?> main, Map<String, String> env, List<String> args,
      Duration timeout) {
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.addAll(jvmFlags);
    command.add("-cp");
    command.add(lambdaJar.toAbsolutePath() + File.pathSeparator + timingClasses);
    command.add(main.getName());
    command.addAll(args);
    try {
      Path stderr = Files.createTempFile("ddbsync-child-", ".err");
      try {
        ProcessBuilder builder =
            new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(stderr.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        long startedAt = System.currentTimeMillis();
        long start = System.nanoTime();
        Process process = builder.start();
        boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        double whole = (System.nanoTime() - start) / 1e9;
        if (!exited) {
          process.destroyForcibly().waitFor();
        }
        String text = Files.readString(stderr);
        return new Result(
            exited ? process.exitValue() : -1,
            whole,
            startedAt,
            lastReport(text).orElse(Map.of()),
            exited ? text : text + "\n(killed after " + timeout + ")");
      } finally {
        Files.deleteIfExists(stderr);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** The key=value pairs of the last line of {@code stderr} that has {@code first_invocation_ms}. */
  static Optional<Map<String, String>> lastReport(String stderr) {
    Optional<Map<String, String>> found = Optional.empty();
    for (String line : stderr.split("\n")) {
      Map<String, String> values = new LinkedHashMap<>();
      for (String pair : line.strip().split(" ")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          values.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
      }
      if (values.containsKey("first_invocation_ms")) {
        found = Optional.of(values);
      }
    }
    return found;
  }

  /** The children's Java, as {@code java -version} names it. */
  static String javaVersion() {
    return System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
  }

  /** Copies {@code type}'s class file and those of its nested classes from {@code root} into {@code dir}. */
  private static void copyClassFiles(Path root, Class<?> type, Path dir) throws IOException {
    String name = type.getName().replace('.', '/');
    Path source = root.resolve(name + ".class");
    Path folder = dir.resolve(name).getParent();
    Files.createDirectories(folder);
    String outer = source.getFileName().toString().replace(".class", "");
    try (var files = Files.list(source.getParent())) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String fileName = file.getFileName().toString();
        if (fileName.equals(outer + ".class") || fileName.startsWith(outer + "$")) {
          Files.copy(file, folder.resolve(fileName));
        }
      }
    }
  }

  /** The root of the class path entry {@code type} was loaded from: a directory or a jar's root. */
  private static Path classPathRoot(Class<?> type) throws IOException {
    try {
      Path location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (Files.isDirectory(location)) {
        return location;
      }
      return FileSystems.newFileSystem(location).getPath("/");
    } catch (URISyntaxException e) {
      throw new IOException(e);
    }
  }

  private static void deleteOnExit(Path dir) {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try (var paths = Files.walk(dir)) {
                    paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                  } catch (IOException e) {
                    // A temporary directory left behind.
                  }
                }));
  }
}
