package io.ddbsync.indexer.observe;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;

/**
 * Structured logs: one JSON object per line on stdout, which CloudWatch Logs stores as is.
 *
 * <p>Fields name messages and documents (group id, dedup id, event id, index, doc id), never
 * attribute values. Powertools logging 1.15 needs AspectJ weaving for its {@code @Logging}
 * annotation and Log4j in the jar; one line of JSON per event does not need either.
 */
public final class JsonLog {

  public enum Level {
    DEBUG,
    INFO,
    WARN,
    ERROR
  }

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final String service;
  private final Level threshold;
  private final PrintStream out;
  private final Clock clock;

  public JsonLog(String service, Level threshold, PrintStream out, Clock clock) {
    this.service = service;
    this.threshold = threshold;
    this.out = out;
    this.clock = clock;
  }

  public boolean enabled(Level level) {
    return level.compareTo(threshold) >= 0;
  }

  public void log(Level level, String message, Map<String, ?> fields) {
    if (!enabled(level)) {
      return;
    }
    ObjectNode line = MAPPER.createObjectNode();
    line.put("timestamp", clock.instant().toString());
    line.put("level", level.name());
    line.put("service", service);
    line.put("message", message);
    fields.forEach((name, value) -> line.set(name, MAPPER.valueToTree(value)));
    out.println(line);
  }

  public void info(String message, Map<String, ?> fields) {
    log(Level.INFO, message, fields);
  }

  public void warn(String message, Map<String, ?> fields) {
    log(Level.WARN, message, fields);
  }

  public void error(String message, Map<String, ?> fields) {
    log(Level.ERROR, message, fields);
  }
}
