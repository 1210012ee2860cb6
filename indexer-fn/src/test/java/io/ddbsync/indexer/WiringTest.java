package io.ddbsync.indexer;

import io.ddbsync.testsupport.TestContext;

import static io.ddbsync.indexer.TestMessages.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.ddbsync.message.ChangeMessages;
import io.ddbsync.opensearch.embedded.SharedOpenSearch;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WiringTest {

  @Test
  void handlerBuiltFromConfigurationIndexesAndEmitsOneMetricsLine() {
    String index = LocalServices.newIndex("wired");
    IndexerConfig config =
        IndexerConfig.fromEnv(Map.of("OPENSEARCH_ENDPOINT", SharedOpenSearch.uri().toString(), "LOG_LEVEL", "DEBUG"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
    IndexerHandler handler =
        new IndexerHandler(Wiring.indexer(config, Clock.systemUTC(), print), Clock.systemUTC(), "ddbsync", "indexer", print);
    SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
    message.setMessageId("m1");
    message.setAttributes(Map.of("MessageGroupId", "o1", "MessageDeduplicationId", "e1"));
    message.setBody(ChangeMessages.write(TestMessages.upsert(index, "o1", 1, "e1", "{\"ok\":true}")));
    SQSEvent event = new SQSEvent();
    event.setRecords(List.of(message));

    var response = handler.handleRequest(event, new TestContext(30_000));

    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(Documents.source(index, "o1")).isEqualTo(json("{\"ok\":true}"));
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).filteredOn(line -> line.contains("\"_aws\"")).singleElement().asString().contains("\"indexed\":1");
    assertThat(lines).anySatisfy(line -> assertThat(line).contains("\"message\":\"message done\"", "\"messageId\":\"m1\""));
  }
}
