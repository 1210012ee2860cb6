package io.ddbsync.cli.shared.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.cli.shared.error.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamRecordsTest {

  private static final String RECORD = "{\"eventID\":\"%s\",\"eventName\":\"INSERT\",\"dynamodb\":{\"Keys\":{\"pk\":{\"S\":\"a\"}}}}";

  @TempDir Path dir;

  private Path write(String name, String content) throws Exception {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    return file;
  }

  private static List<String> ids(List<ObjectNode> records) {
    return records.stream().map(r -> r.path("eventID").asText()).toList();
  }

  @Test
  void readsAnArrayAnObjectWithRecordsAndJsonLines() throws Exception {
    write("a-array.json", "[" + RECORD.formatted("1") + "," + RECORD.formatted("2") + "]");
    write("b-lambda.json", "{\"Records\":[" + RECORD.formatted("3") + "]}");
    write("c-lines.jsonl", RECORD.formatted("4") + "\n" + RECORD.formatted("5") + "\n");

    assertThat(ids(StreamRecords.load(List.of(dir)))).containsExactly("1", "2", "3", "4", "5");
  }

  @Test
  void foldersAreWalkedRecursivelyInPathOrderSkippingExpectedOutputs() throws Exception {
    write("z/deep/two.json", "[" + RECORD.formatted("2") + "]");
    write("a/one.json", "[" + RECORD.formatted("1") + "]");
    write("a/one.expected.json", "[{\"type\":\"upsert\"}]");
    write("a/readme.txt", "not json");

    assertThat(ids(StreamRecords.load(List.of(dir)))).containsExactly("1", "2");
  }

  @Test
  void fileOfOtherJsonIsRefusedByName() throws Exception {
    Path file = write("orders.json", "[{\"orderId\":1}]");

    assertThatThrownBy(() -> StreamRecords.load(List.of(file)))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("orders.json")
        .hasMessageContaining("element 1");
  }

  @Test
  void emptyArrayIsRefusedByName() throws Exception {
    Path file = write("empty.json", "[]");

    assertThatThrownBy(() -> StreamRecords.load(List.of(file)))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("empty.json");
  }

  @Test
  void missingPathIsNamed() {
    assertThatThrownBy(() -> StreamRecords.load(List.of(dir.resolve("nowhere"))))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("nowhere");
  }
}
