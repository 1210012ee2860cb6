package io.ddbsync.cli.shared.events;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.cli.shared.error.UserError;
import io.ddbsync.message.ChangeMessages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads DynamoDB stream records from files or folders (recursively, {@code *.json} and
 * {@code *.jsonl}, in path order, skipping {@code *.expected.json}). A file holds a JSON array of records, an object with
 * {@code Records} (the Lambda event shape), or one record per line.
 */
public final class StreamRecords {

  private StreamRecords() {}

  public static List<ObjectNode> load(List<Path> paths) {
    List<ObjectNode> records = new ArrayList<>();
    for (Path file : files(paths)) {
      records.addAll(loadFile(file));
    }
    return records;
  }

  static List<Path> files(List<Path> paths) {
    List<Path> files = new ArrayList<>();
    for (Path path : paths) {
      if (Files.isDirectory(path)) {
        try (Stream<Path> walk = Files.walk(path)) {
          walk.filter(Files::isRegularFile).filter(StreamRecords::isJson).sorted().forEach(files::add);
        } catch (IOException e) {
          throw new UserError("cannot read folder " + path + ": " + e.getMessage(), e);
        }
      } else if (Files.isRegularFile(path)) {
        files.add(path);
      } else {
        throw new UserError("events path " + path + " does not exist");
      }
    }
    return files;
  }

  /** In a folder, {@code x.expected.json} is the expected output kept beside sample {@code x.json}. */
  private static boolean isJson(Path file) {
    String name = file.getFileName().toString();
    return (name.endsWith(".json") && !name.endsWith(".expected.json")) || name.endsWith(".jsonl");
  }

  /** The records of one file, or a {@link UserError} naming the file and what is wrong. */
  public static List<ObjectNode> loadFile(Path file) {
    List<JsonNode> roots = new ArrayList<>();
    try (JsonParser parser = ChangeMessages.MAPPER.createParser(file.toFile());
        MappingIterator<JsonNode> values = ChangeMessages.MAPPER.readValues(parser, JsonNode.class)) {
      while (values.hasNextValue()) {
        roots.add(values.nextValue());
      }
    } catch (JsonProcessingException e) {
      throw notRecords(file, "not JSON (" + e.getOriginalMessage() + ")");
    } catch (IOException e) {
      throw new UserError("cannot read " + file + ": " + e.getMessage(), e);
    }
    List<JsonNode> elements = new ArrayList<>();
    if (roots.size() == 1 && roots.get(0).isArray()) {
      roots.get(0).forEach(elements::add);
    } else if (roots.size() == 1 && roots.get(0).path("Records").isArray()) {
      roots.get(0).get("Records").forEach(elements::add);
    } else {
      elements.addAll(roots);
    }
    if (elements.isEmpty()) {
      throw notRecords(file, "it holds no records");
    }
    List<ObjectNode> records = new ArrayList<>(elements.size());
    for (int i = 0; i < elements.size(); i++) {
      JsonNode element = elements.get(i);
      if (!(element instanceof ObjectNode record) || !element.path("dynamodb").isObject()) {
        throw notRecords(file, "element " + (i + 1) + " is not a stream record (no 'dynamodb' object)");
      }
      records.add(record);
    }
    return records;
  }

  private static UserError notRecords(Path file, String why) {
    return new UserError(file + " is not DynamoDB stream records: " + why
        + "; expected a JSON array of records, an object with 'Records', or JSON lines");
  }

  /** A short description of a record for listings: event id, name and keys. */
  public static String describe(JsonNode record) {
    return record.path("eventID").asText("-") + " " + record.path("eventName").asText("-") + " "
        + record.path("dynamodb").path("Keys");
  }
}
