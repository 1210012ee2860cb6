package io.ddbsync.cli.command.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.cli.local.engine.LocalAws;
import io.ddbsync.cli.local.pipe.RecordFilter;
import io.ddbsync.cli.local.queue.LocalSqs;
import io.ddbsync.cli.local.stream.LocalStreams;
import io.ddbsync.cli.shared.replay.BatchInfo;
import io.ddbsync.cli.shared.replay.ShardRange;
import io.ddbsync.cli.shared.replay.StreamReplay;
import io.ddbsync.enrichment.Enrichment;
import io.ddbsync.enrichment.EnrichmentConfig;
import io.ddbsync.message.ChangeMessages;
import java.math.BigInteger;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import static org.assertj.core.api.Assertions.assertThat;

/** Replay of a pipe's dead-lettered batches against the local Streams API (with read faults) and ElasticMQ. */
class ReplayTest {

  static LocalSqs server;
  static SqsClient sqs;
  LocalStreams stream;
  StreamsReadFaults faults;
  DynamoDbStreamsClient streams;
  StreamReplay replay;
  URI queue;

  @BeforeAll
  static void startSqs() {
    server = LocalSqs.start(0, "us-east-1");
    sqs = LocalAws.sqs(server.endpoint(), "us-east-1");
  }

  @AfterAll
  static void stopSqs() {
    sqs.close();
    server.close();
  }

  @BeforeEach
  void startStream() {
    List<ObjectNode> records = new ArrayList<>();
    for (int i = 100; i <= 106; i++) {
      records.add(record(i, i == 105 ? "REMOVE" : "MODIFY", "item-" + (i % 3)));
    }
    stream = LocalStreams.start(records);
    stream.closeShards();
    faults = new StreamsReadFaults();
    streams = DynamoDbStreamsClient.builder()
        .endpointOverride(stream.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .overrideConfiguration(c -> c.addExecutionInterceptor(faults))
        .build();
    // The pipe's filter: item-2 is filtered out (a pattern on dynamodb.* as the template recommends).
    RecordFilter filter = RecordFilter.of(List.of("{\"dynamodb\":{\"Keys\":{\"pk\":{\"S\":[{\"anything-but\":\"item-2\"}]}}}}"));
    Enrichment enrichment = new Enrichment(EnrichmentConfig.fromEnv(Map.of("KEY_ATTRIBUTES", "pk")));
    replay = new StreamReplay(sqs, new ShardRange(streams), filter, enrichment, 2);
    queue = URI.create(sqs.createQueue(b -> b.queueName("changes-" + UUID.randomUUID() + ".fifo")
        .attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true"))).queueUrl());
  }

  @AfterEach
  void stopStream() {
    streams.close();
    stream.close();
  }

  @Test
  void aDeadLetteredRangeIsReadBackFilteredEnrichedAndQueuedWithThePipesIds() {
    StreamReplay.Result result = replay.replay(deadLetter(101, 104), queue, false);

    assertThat(result.problem()).isEmpty();
    assertThat(result.read()).isEqualTo(4);
    assertThat(result.filteredOut()).isEqualTo(2); // 101 and 104 are item-2
    List<Message> queued = drain(queue);
    assertThat(queued).extracting(Message::body).extracting(b -> json(b).path("eventId").asText())
        .containsExactlyInAnyOrder("event-102", "event-103"); // two groups: no order between them
    for (Message m : queued) {
      JsonNode body = json(m.body());
      assertThat(m.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID)).isEqualTo(body.path("groupId").asText());
      assertThat(body.path("type").asText()).isEqualTo("upsert");
    }
  }

  @Test
  void aRemoveInTheRangeBecomesADelete() {
    StreamReplay.Result result = replay.replay(deadLetter(105, 105), queue, false);

    assertThat(result.recovered()).isTrue();
    assertThat(drain(queue)).extracting(m -> json(m.body()).path("type").asText()).containsExactly("delete");
  }

  @Test
  void pagesAreFollowedAndTheIteratorIsRenewedWhenItExpires() {
    faults.expireGetRecordsCall = 1;

    StreamReplay.Result result = replay.replay(deadLetter(100, 106), queue, false);

    assertThat(faults.expired.get()).isOne();
    assertThat(result.problem()).isEmpty();
    assertThat(result.read()).isEqualTo(7);
  }

  @Test
  void throttledReadsWaitAndGoOnPastTheSdksOwnRetries() {
    faults.throttledGetRecords.set(6);

    StreamReplay.Result result = replay.replay(deadLetter(100, 106), queue, false);

    assertThat(result.problem()).isEmpty();
    assertThat(result.read()).isEqualTo(7);
    assertThat(faults.throttledGetRecords.get()).isZero();
  }

  @Test
  void aTrimmedRangeIsReportedAndNothingIsSent() {
    stream.trimBefore(new BigInteger(sequenceNumber(103)));

    StreamReplay.Result result = replay.replay(deadLetter(101, 104), queue, false);

    assertThat(result.recovered()).isFalse();
    assertThat(result.problem().orElseThrow()).startsWith("trimmed");
    assertThat(result.sent()).isZero();
    assertThat(drain(queue)).isEmpty();
  }

  @Test
  void aRangeReachingPastTheEndOfAClosedShardReportsTheMissingRecords() {
    StreamReplay.Result result = replay.replay(deadLetter(104, 109), queue, false);

    assertThat(result.read()).isEqualTo(3);
    assertThat(result.problem().orElseThrow()).contains("the stream ended at " + sequenceNumber(106));
  }

  @Test
  void aRangeEndingOnARecordTheStreamDoesNotHaveIsReported() {
    stream.add(record(108, "MODIFY", "item-0"));

    StreamReplay.Result result = replay.replay(deadLetter(105, 107), queue, false);

    assertThat(result.problem().orElseThrow()).contains("last record " + sequenceNumber(107) + " of");
  }

  @Test
  void aMessageWithoutBatchInfoIsNotRecovered() {
    Message notABatch = Message.builder().messageId("m-1").body("{\"hello\":1}").build();

    assertThat(replay.replay(notABatch, queue, false).problem().orElseThrow()).contains("DDBStreamBatchInfo");
  }

  @Test
  void theDocumentedInvocationRecordShapeParses() {
    String lambdaExample = """
        {"requestContext":{"requestId":"316aa6d0-8154-xmpl-9af7-85d5f4a6bc81","condition":"RetryAttemptsExhausted","approximateInvokeCount":1},
         "responseContext":{"statusCode":200,"executedVersion":"$LATEST","functionError":"Unhandled"},
         "version":"1.0","timestamp":"2019-11-14T00:13:49.717Z",
         "DDBStreamBatchInfo":{"shardId":"shardId-00000001573689847184-864758bb","startSequenceNumber":"800000000003126276362",
           "endSequenceNumber":"800000000003126276362","approximateArrivalOfFirstRecord":"2019-11-14T00:13:19Z",
           "approximateArrivalOfLastRecord":"2019-11-14T00:13:19Z","batchSize":1,
           "streamArn":"arn:aws:dynamodb:us-east-2:123456789012:table/mytable/stream/2019-11-14T00:04:06.388"}}""";

    BatchInfo info = BatchInfo.parse(lambdaExample).orElseThrow();
    BatchInfo wrapped = BatchInfo.parse("{\"context\":" + lambdaExample + "}").orElseThrow();

    assertThat(info.shardId()).isEqualTo("shardId-00000001573689847184-864758bb");
    assertThat(info.startSequenceNumber()).isEqualTo(new java.math.BigInteger("800000000003126276362"));
    assertThat(info.batchSize()).isEqualTo(1);
    assertThat(wrapped).isEqualTo(info);
  }

  // --- helpers

  static final String STREAM_ARN = "arn:aws:dynamodb:us-east-1:000000000000:table/items/stream/2026-01-01T00:00:00.000";

  /** A NEW_AND_OLD_IMAGES record of item {@code pk} whose attribute {@code n} is its sequence, at {@code sequence}. */
  static ObjectNode record(long sequence, String eventName, String pk) {
    ObjectNode record = ChangeMessages.MAPPER.createObjectNode();
    record.put("eventID", "event-" + sequence);
    record.put("eventName", eventName);
    record.put("eventVersion", "1.1");
    record.put("eventSource", "aws:dynamodb");
    record.put("awsRegion", "us-east-1");
    record.put("eventSourceARN", STREAM_ARN);
    ObjectNode dynamodb = record.putObject("dynamodb");
    dynamodb.put("ApproximateCreationDateTime", 1_767_225_600L + sequence);
    dynamodb.putObject("Keys").putObject("pk").put("S", pk);
    ObjectNode image = ChangeMessages.MAPPER.createObjectNode();
    image.putObject("pk").put("S", pk);
    image.putObject("n").put("N", Long.toString(sequence));
    if (!eventName.equals("REMOVE")) {
      dynamodb.set("NewImage", image);
    }
    if (!eventName.equals("INSERT")) {
      ObjectNode before = image.deepCopy();
      before.putObject("n").put("N", Long.toString(sequence - 1));
      dynamodb.set("OldImage", before);
    }
    dynamodb.put("SequenceNumber", sequenceNumber(sequence));
    dynamodb.put("SizeBytes", 40);
    dynamodb.put("StreamViewType", "NEW_AND_OLD_IMAGES");
    return record;
  }

  /** Stream sequence numbers are 21+ digit decimals. */
  static String sequenceNumber(long n) {
    return new BigInteger("100000000000000000000").add(BigInteger.valueOf(n)).toString();
  }

  static Message deadLetter(long start, long end) {
    String body = "{\"context\":{\"DDBStreamBatchInfo\":{\"shardId\":\"" + LocalStreams.SHARD_ID + "\",\"startSequenceNumber\":\""
        + sequenceNumber(start) + "\",\"endSequenceNumber\":\"" + sequenceNumber(end)
        + "\",\"batchSize\":" + (end - start + 1) + ",\"streamArn\":\"" + STREAM_ARN + "\"}}}";
    return Message.builder().messageId(UUID.randomUUID().toString()).body(body).build();
  }

  static JsonNode json(String body) {
    try {
      return ChangeMessages.MAPPER.readTree(body);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static List<Message> drain(URI queue) {
    return drainFrom(sqs, queue);
  }

  static List<Message> drainFrom(SqsClient sqs, URI queue) {
    List<Message> all = new ArrayList<>();
    while (true) {
      List<Message> got = sqs.receiveMessage(b -> b.queueUrl(queue.toString()).maxNumberOfMessages(10)
          .messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID)).messages();
      if (got.isEmpty()) {
        return all;
      }
      for (Message m : got) {
        all.add(m);
        sqs.deleteMessage(b -> b.queueUrl(queue.toString()).receiptHandle(m.receiptHandle()));
      }
    }
  }
}
