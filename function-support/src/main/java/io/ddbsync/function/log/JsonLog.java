package io.ddbsync.function.log;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;

/**
 * Structured logs of both functions: one JSON object per line on stdout, which CloudWatch Logs stores
 * as is. Numbers are written exactly as given (a decimal keeps its digits).
 *
 * <p>Fields name messages and items by ids and by {@link ItemKeyHash} ({@code itemKey}), never by
 * key or attribute values. Powertools logging needs AspectJ weaving for its {@code @Logging}
 * annotation and Log4j in the jar; one line of JSON per event needs neither.
 */
public final class JsonLog {

  /** {@code LOG_LEVEL}: lines below it are not written. */
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

  /** Writes {"timestamp", "level", "service", "message", ...fields} when {@code level} is enabled. */
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
