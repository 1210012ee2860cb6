package io.ddbsync.cli.local.function;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddbsync.message.ChangeMessages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where the functions' output goes during a local run: what Lambda would send to CloudWatch Logs
 * (their JSON log lines and EMF metric lines) is written to a file instead of the terminal, and the
 * EMF metrics are summed on the way, as CloudWatch would, for the run's summary.
 *
 * <p>Functions write to {@code System.out}; while the log is {@linkplain #capture() capturing},
 * {@code System.out} and {@code System.err} point here. The CLI itself writes to its own streams.
 */
public final class FunctionLog implements AutoCloseable {

  private final Path file;
  private final OutputStream fileOut;
  private final Map<String, AtomicLong> metrics = new ConcurrentHashMap<>();
  private PrintStream previousOut;
  private PrintStream previousErr;

  private FunctionLog(Path file, OutputStream fileOut) {
    this.file = file;
    this.fileOut = fileOut;
  }

  public static FunctionLog open(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      return new FunctionLog(file, Files.newOutputStream(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the function log " + file, e);
    }
  }

  public Path file() {
    return file;
  }

  /** Redirects {@code System.out} and {@code System.err} here until {@link #close()}. */
  public FunctionLog capture() {
    previousOut = System.out;
    previousErr = System.err;
    PrintStream stream = new PrintStream(new LineSplitter(), true, StandardCharsets.UTF_8);
    System.setOut(stream);
    System.setErr(stream);
    return this;
  }

  /** The process's stderr from before the capture: the terminal, for progress bars. */
  public PrintStream terminal() {
    return previousErr == null ? System.err : previousErr;
  }

  /** The sum of an EMF metric over every line seen so far (0 when none carried it). */
  public long metric(String name) {
    AtomicLong value = metrics.get(name);
    return value == null ? 0 : value.get();
  }

  private synchronized void line(byte[] bytes, int length) {
    try {
      fileOut.write(bytes, 0, length);
      fileOut.write('\n');
    } catch (IOException e) {
      // The log is a convenience: a full disk must not fail the run.
    }
    if (length > 0 && bytes[0] == '{') {
      sumMetrics(new String(bytes, 0, length, StandardCharsets.UTF_8));
    }
  }

  private void sumMetrics(String text) {
    if (!text.contains("\"_aws\"")) {
      return;
    }
    try {
      JsonNode line = ChangeMessages.MAPPER.readTree(text);
      for (JsonNode directive : line.path("_aws").path("CloudWatchMetrics")) {
        for (JsonNode metric : directive.path("Metrics")) {
          String name = metric.path("Name").asText();
          JsonNode value = line.path(name);
          if (value.isIntegralNumber()) {
            metrics.computeIfAbsent(name, n -> new AtomicLong()).addAndGet(value.longValue());
          }
        }
      }
    } catch (IOException e) {
      // Not JSON after all: it is still in the file.
    }
  }

  @Override
  public synchronized void close() {
    if (previousOut != null) {
      System.out.flush();
      System.setOut(previousOut);
      System.setErr(previousErr);
      previousOut = null;
    }
    try {
      fileOut.close();
    } catch (IOException e) {
      // nothing left to do with it
    }
  }

  /** Cuts the byte stream into lines; each thread's writes arrive whole through PrintStream's lock. */
  private final class LineSplitter extends OutputStream {
    private final ByteArrayOutputStream current = new ByteArrayOutputStream();

    @Override
    public synchronized void write(int b) {
      if (b == '\n') {
        flushLine();
      } else {
        current.write(b);
      }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
      for (int i = offset; i < offset + length; i++) {
        write(bytes[i]);
      }
    }

    private void flushLine() {
      byte[] bytes = current.toByteArray();
      int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
      line(bytes, length);
      current.reset();
    }
  }
}
