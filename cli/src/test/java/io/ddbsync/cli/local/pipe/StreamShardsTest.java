package io.ddbsync.cli.local.pipe;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.cli.Cli;
import io.ddbsync.cli.local.pipe.StreamShards.Release;
import io.ddbsync.cli.shared.template.TemplateSettings;
import io.ddbsync.message.ChangeMessages;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The stream's lanes batch as Pipes does. The enrichment here records each batch it is given and
 * returns nothing, so nothing is sent to the queue.
 */
class StreamShardsTest {

  /** Batches in the order the enrichment saw them, with the thread (the lane) that delivered each. */
  private final List<Map.Entry<String, List<String>>> batches = Collections.synchronizedList(new ArrayList<>());

  private final RequestStreamHandler recording = (in, out, context) -> {
    List<String> ids = new ArrayList<>();
    for (JsonNode record : ChangeMessages.MAPPER.readTree(in)) {
      ids.add(record.path("eventID").asText());
    }
    batches.add(Map.entry(Thread.currentThread().getName(), ids));
    out.write("[]".getBytes(StandardCharsets.UTF_8));
  };

  private final SqsClient unused = SqsClient.builder().region(Region.US_EAST_1).build();

  private PipeEmulator pipe() {
    return new PipeEmulator(RecordFilter.of(List.of()), recording, TemplateSettings.load(Cli.template()), unused,
        URI.create("http://unused/queue.fifo"));
  }

  private static ObjectNode record(String item, int n) {
    ObjectNode record = ChangeMessages.MAPPER.createObjectNode().put("eventID", item + "-" + n);
    record.putObject("dynamodb").putObject("Keys").putObject("pk").put("S", item);
    return record;
  }

  @Test
  void recordsReleasedTogetherGoInFullBatchesAndTheRestWhenTheWindowCloses() throws Exception {
    List<Release> stream = new ArrayList<>();
    long now = System.nanoTime();
    for (int n = 0; n < 12; n++) {
      stream.add(new Release(record("ORDER#1", n), now));
    }

    StreamShards.run(stream, 1, 5, Duration.ofMillis(100), this::pipe);

    assertThat(batches).extracting(batch -> batch.getValue().size()).containsExactly(5, 5, 2);
  }

  @Test
  void aPartialBatchWaitsForTheBatchingWindow() throws Exception {
    Duration window = Duration.ofMillis(300);
    long released = System.nanoTime();

    StreamShards.run(List.of(new Release(record("ORDER#1", 0), released)), 1, 5, window, this::pipe);

    assertThat(System.nanoTime() - released).isGreaterThanOrEqualTo(window.toNanos());
    assertThat(batches).hasSize(1);
  }

  @Test
  void anItemsChangesStayInOneLaneInStreamOrder() throws Exception {
    List<Release> stream = new ArrayList<>();
    long now = System.nanoTime();
    for (int n = 0; n < 40; n++) {
      stream.add(new Release(record("ITEM#" + n % 7, n), now));
    }

    StreamShards.run(stream, 4, 3, Duration.ofMillis(50), this::pipe);

    Map<String, String> laneOfItem = new ConcurrentHashMap<>();
    Map<String, Integer> lastOfItem = new ConcurrentHashMap<>();
    int delivered = 0;
    for (Map.Entry<String, List<String>> batch : batches) {
      for (String eventId : batch.getValue()) {
        String item = eventId.substring(0, eventId.indexOf('-'));
        int n = Integer.parseInt(eventId.substring(eventId.indexOf('-') + 1));
        assertThat(laneOfItem.computeIfAbsent(item, i -> batch.getKey())).as(item).isEqualTo(batch.getKey());
        assertThat(n).as(item + " in order").isGreaterThan(lastOfItem.getOrDefault(item, -1));
        lastOfItem.put(item, n);
        delivered++;
      }
    }
    assertThat(delivered).isEqualTo(40);
    assertThat(Set.copyOf(laneOfItem.values())).hasSizeGreaterThan(1);
  }
}
