package io.ddbsync.cli.command.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the CPU goes, phase by phase: a JDK Flight Recorder recording of execution samples (every
 * thread running Java code, every 10 ms) over the whole bench, split afterwards by each phase's
 * time window and by what each sampled thread was doing. Everything the bench runs shares this JVM
 * except dynalite, a separate process.
 */
final class CpuProfile implements AutoCloseable {

  /** What a sample was spent on. */
  enum Part {
    OPENSEARCH("OpenSearch node"),
    ELASTICMQ_GROUP_SCAN("ElasticMQ: FIFO receive scanning message groups"),
    ELASTICMQ("ElasticMQ: HTTP, JSON, the rest"),
    INDEXER("indexer function"),
    ENRICHMENT("enrichment function"),
    SQS_CLIENT("SQS client of the Pipes and Lambda emulation"),
    BULK_CLIENT("raw _bulk client"),
    WATCHER("the bench's searchability watcher"),
    OTHER("other");

    final String label;

    Part(String label) {
      this.label = label;
    }
  }

  private final Recording recording = new Recording();
  private final Map<String, Instant[]> phases = new LinkedHashMap<>();

  CpuProfile() {
    recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10)).withStackTrace();
    recording.start();
  }

  /** Runs a phase and remembers its time window under {@code name}. */
  <T> T phase(String name, Callable<T> body) throws Exception {
    Instant start = Instant.now();
    try {
      return body.call();
    } finally {
      phases.put(name, new Instant[] {start, Instant.now()});
    }
  }

  /** Each phase's share of samples per part, largest first; parts with no sample left out. */
  Map<String, Map<Part, Double>> shares() {
    recording.stop();
    Path file;
    List<RecordedEvent> samples;
    try {
      file = Files.createTempFile("ddbsync-bench", ".jfr");
      recording.dump(file);
      samples = RecordingFile.readAllEvents(file);
      Files.delete(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the flight recording", e);
    }
    Map<String, Map<Part, Double>> shares = new LinkedHashMap<>();
    phases.forEach((name, window) -> {
      Map<Part, Integer> counts = new EnumMap<>(Part.class);
      int total = 0;
      for (RecordedEvent sample : samples) {
        if (!sample.getStartTime().isBefore(window[0]) && sample.getStartTime().isBefore(window[1])) {
          counts.merge(part(sample), 1, Integer::sum);
          total++;
        }
      }
      Map<Part, Double> phase = new LinkedHashMap<>();
      int samplesInPhase = total;
      counts.entrySet().stream()
          .sorted(Map.Entry.<Part, Integer>comparingByValue().reversed())
          .forEach(count -> phase.put(count.getKey(), count.getValue() / (double) samplesInPhase));
      shares.put(name, phase);
    });
    return shares;
  }

  static Part part(RecordedEvent sample) {
    String thread = sample.getThread("sampledThread") == null ? "" : sample.getThread("sampledThread").getJavaName();
    List<RecordedFrame> frames = sample.getStackTrace() == null ? List.of() : sample.getStackTrace().getFrames();
    if (thread.startsWith("opensearch[")) {
      return Part.OPENSEARCH;
    }
    if (thread.contains("elasticmq")) {
      return calls(frames, "org.elasticmq.actor.queue.MessageQueue$FifoMessageQueue", "randomMessageGroup")
          ? Part.ELASTICMQ_GROUP_SCAN : Part.ELASTICMQ;
    }
    return part(frames.stream().map(f -> f.getMethod().getType().getName()).toList());
  }

  /** The part of a sample of a thread of ours, by the classes on its stack. */
  static Part part(List<String> classes) {
    if (classes.stream().anyMatch(c -> c.startsWith("io.ddbsync.indexer."))) {
      return Part.INDEXER;
    }
    if (classes.stream().anyMatch(c -> c.startsWith("io.ddbsync.enrichment."))) {
      return Part.ENRICHMENT;
    }
    if (classes.stream().anyMatch(c -> c.startsWith("software.amazon.awssdk.services.sqs."))) {
      return Part.SQS_CLIENT;
    }
    if (classes.stream().anyMatch(c -> c.equals(SearchableWatcher.class.getName()))) {
      return Part.WATCHER;
    }
    if (classes.stream().anyMatch(c -> c.startsWith("org.opensearch.client."))) {
      return Part.BULK_CLIENT;
    }
    return Part.OTHER;
  }

  private static boolean calls(List<RecordedFrame> frames, String type, String method) {
    return frames.stream().anyMatch(f -> f.getMethod().getName().equals(method) && f.getMethod().getType().getName().equals(type));
  }

  @Override
  public void close() {
    recording.close();
  }
}
