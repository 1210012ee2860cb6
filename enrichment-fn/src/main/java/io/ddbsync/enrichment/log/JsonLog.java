package io.ddbsync.enrichment.log;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;

/**
 * One JSON object per line on stdout, which Lambda sends to CloudWatch Logs: small enough to keep a
 * logging framework out of the Lambda jar. Callers pass ids, counts and reasons, never attribute
 * values.
 */
public final class JsonLog {

  private static final JsonFactory JSON = new JsonFactory();

  private final PrintStream out;
  private final LogLevel threshold;

  public JsonLog(PrintStream out, LogLevel threshold) {
    this.out = out;
    this.threshold = threshold;
  }

  public boolean enabled(LogLevel level) {
    return level.compareTo(threshold) >= 0;
  }

  /** Writes {"timestamp", "level", "message", ...fields} when {@code level} is enabled. */
  public void log(LogLevel level, String message, Map<String, ?> fields) {
    if (!enabled(level)) {
      return;
    }
    StringWriter line = new StringWriter(128);
    try (JsonGenerator json = JSON.createGenerator(line)) {
      json.writeStartObject();
      json.writeStringField("timestamp", Instant.now().toString());
      json.writeStringField("level", level.name());
      json.writeStringField("message", message);
      for (Map.Entry<String, ?> field : fields.entrySet()) {
        json.writeFieldName(field.getKey());
        Object value = field.getValue();
        if (value instanceof Number number) {
          json.writeNumber(number.longValue());
        } else if (value instanceof Boolean bool) {
          json.writeBoolean(bool);
        } else {
          json.writeString(String.valueOf(value));
        }
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a log line to memory", e);
    }
    out.println(line);
  }
}
