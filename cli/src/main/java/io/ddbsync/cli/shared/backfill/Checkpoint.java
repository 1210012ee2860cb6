package io.ddbsync.cli.shared.backfill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.cli.shared.error.UserError;
import io.ddbsync.item.convert.DynamoJson;
import io.ddbsync.message.ChangeMessages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A backfill's progress, so that a crashed run resumes where it stopped: per scan segment the last
 * page handed off ({@code LastEvaluatedKey}) or that the segment is done, plus the scan's start time
 * (the resumed run must write the same version) and the indices' refresh intervals before the load
 * (restored even if the crashed run could not).
 *
 * <p>The file is rewritten whole and moved into place after each page, so a crash leaves either the
 * previous or the next state, never half of one. A page is recorded only once its items were handed
 * off, so a resumed run may repeat the pages after the last record (harmless: the same versions get
 * 409) but never skips one.
 */
public final class Checkpoint {

  /** One segment's progress: not started (no key), in progress (key), or done. */
  public record Segment(boolean done, Optional<Map<String, AttributeValue>> lastKey, long items) {
    static Segment start() {
      return new Segment(false, Optional.empty(), 0);
    }
  }

  private final Path file;
  private final String table;
  private final long scanStartSeconds;
  private final Map<String, Optional<String>> refreshIntervals;
  private final List<Segment> segments;

  private Checkpoint(Path file, String table, long scanStartSeconds,
      Map<String, Optional<String>> refreshIntervals, List<Segment> segments) {
    this.file = file;
    this.table = table;
    this.scanStartSeconds = scanStartSeconds;
    this.refreshIntervals = refreshIntervals;
    this.segments = segments;
  }

  /** A fresh checkpoint (written at once), or, when {@code file} exists, the one it holds. */
  public static Checkpoint openOrCreate(Path file, String table, int totalSegments, long scanStartSeconds) {
    if (Files.exists(file)) {
      Checkpoint existing = read(file);
      if (!existing.table.equals(table) || existing.segments.size() != totalSegments) {
        throw new UserError("checkpoint " + file + " is for table " + existing.table + " with "
            + existing.segments.size() + " segments, not " + table + " with " + totalSegments
            + "; pass the same --table and --segments, or delete the file to start over");
      }
      return existing;
    }
    List<Segment> segments = new ArrayList<>();
    for (int i = 0; i < totalSegments; i++) {
      segments.add(Segment.start());
    }
    Checkpoint created = new Checkpoint(file, table, scanStartSeconds, new LinkedHashMap<>(), segments);
    created.save();
    return created;
  }

  public long scanStartSeconds() {
    return scanStartSeconds;
  }

  public synchronized Segment segment(int segment) {
    return segments.get(segment);
  }

  public synchronized long itemsDone() {
    return segments.stream().mapToLong(Segment::items).sum();
  }

  public synchronized boolean allDone() {
    return segments.stream().allMatch(Segment::done);
  }

  /** The indices' refresh intervals before the first run raised them (empty value = index default). */
  public synchronized Map<String, Optional<String>> refreshIntervals() {
    return Map.copyOf(refreshIntervals);
  }

  /** Records the intervals of indices not recorded yet: after a crash the recorded ones are the originals. */
  public synchronized void recordRefreshIntervals(Map<String, Optional<String>> intervals) {
    intervals.forEach(refreshIntervals::putIfAbsent);
    save();
  }

  /** Records that the pages of {@code segment} up to the one ending at {@code lastKey} were handed off. */
  public synchronized void advance(int segment, Optional<Map<String, AttributeValue>> lastKey, long items) {
    Segment previous = segments.get(segment);
    segments.set(segment, new Segment(lastKey.isEmpty(), lastKey, previous.items() + items));
    save();
  }

  public void delete() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete checkpoint " + file, e);
    }
  }

  private void save() {
    ObjectNode json = ChangeMessages.MAPPER.createObjectNode();
    json.put("table", table);
    json.put("scanStartSeconds", scanStartSeconds);
    ObjectNode intervals = json.putObject("refreshIntervals");
    refreshIntervals.forEach((index, interval) -> {
      if (interval.isPresent()) {
        intervals.put(index, interval.get());
      } else {
        intervals.putNull(index);
      }
    });
    ArrayNode array = json.putArray("segments");
    for (Segment segment : segments) {
      ObjectNode node = array.addObject().put("done", segment.done()).put("items", segment.items());
      segment.lastKey().ifPresent(key -> node.set("lastEvaluatedKey", DynamoJson.toJson(key)));
    }
    Path absolute = file.toAbsolutePath();
    Path temporary = absolute.resolveSibling(absolute.getFileName() + ".tmp");
    try {
      Files.createDirectories(absolute.getParent());
      Files.writeString(temporary, ChangeMessages.MAPPER.writeValueAsString(json) + "\n", StandardCharsets.UTF_8);
      try {
        Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint " + file, e);
    }
  }

  private static Checkpoint read(Path file) {
    try {
      JsonNode json = ChangeMessages.MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
      Map<String, Optional<String>> intervals = new LinkedHashMap<>();
      json.path("refreshIntervals").properties().forEach(e ->
          intervals.put(e.getKey(), e.getValue().isNull() ? Optional.empty() : Optional.of(e.getValue().asText())));
      List<Segment> segments = new ArrayList<>();
      for (JsonNode node : json.path("segments")) {
        Optional<Map<String, AttributeValue>> key = node.has("lastEvaluatedKey")
            ? Optional.of(DynamoJson.toAttributeValues((ObjectNode) node.get("lastEvaluatedKey")))
            : Optional.empty();
        segments.add(new Segment(node.path("done").asBoolean(), key, node.path("items").asLong()));
      }
      if (!json.path("table").isTextual() || !json.path("scanStartSeconds").canConvertToLong() || segments.isEmpty()) {
        throw new UserError("checkpoint " + file + " is not a backfill checkpoint; delete it to start over");
      }
      return new Checkpoint(file, json.get("table").asText(), json.get("scanStartSeconds").asLong(), intervals, segments);
    } catch (IOException | RuntimeException e) {
      if (e instanceof UserError userError) {
        throw userError;
      }
      throw new UserError("checkpoint " + file + " cannot be read (" + e.getMessage() + "); delete it to start over", e);
    }
  }
}
