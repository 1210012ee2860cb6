package io.ddbsync.cli.command.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.cli.MotoServer;
import io.ddbsync.cli.local.engine.LocalAws;
import io.ddbsync.cli.local.pipe.RecordFilter;
import io.ddbsync.cli.local.queue.LocalSqs;
import io.ddbsync.cli.shared.aws.AwsClients;
import io.ddbsync.cli.shared.replay.ShardRange;
import io.ddbsync.cli.shared.replay.StreamReplay;
import io.ddbsync.enrichment.Enrichment;
import io.ddbsync.enrichment.EnrichmentConfig;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Replay of a sequence-number range that moto's DynamoDB stream really holds, after real writes. */
class ReplayFromMotoTest {

  @RegisterExtension static MotoServer moto = new MotoServer();

  @Test
  void aRangeOfARealStreamIsReadBackAndQueued() {
    Optional<URI> endpoint = Optional.of(moto.endpoint());
    Optional<String> region = Optional.of("us-east-1");
    try (DynamoDbClient dynamoDb = AwsClients.dynamoDb(endpoint, region);
        DynamoDbStreamsClient streams = AwsClients.streams(endpoint, region);
        LocalSqs server = LocalSqs.start(0, "us-east-1");
        SqsClient sqs = LocalAws.sqs(server.endpoint(), "us-east-1")) {
      String streamArn = dynamoDb.createTable(b -> b.tableName("replayed")
              .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
              .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
              .billingMode(BillingMode.PAY_PER_REQUEST)
              .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)))
          .tableDescription().latestStreamArn();
      for (int i = 0; i < 6; i++) {
        int n = i;
        dynamoDb.putItem(b -> b.tableName("replayed").item(Map.of("pk", AttributeValue.fromS("item-" + n % 4),
            "n", AttributeValue.fromN(n + ".0"))));
      }
      String shard = streams.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards().get(0).shardId();
      String iterator = streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shard)
          .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
      List<Record> written = streams.getRecords(b -> b.shardIterator(iterator)).records();
      assertThat(written).hasSize(6);
      URI queue = URI.create(sqs.createQueue(b -> b.queueName("changes-" + UUID.randomUUID() + ".fifo")
          .attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true"))).queueUrl());
      StreamReplay replay = new StreamReplay(sqs, new ShardRange(streams), RecordFilter.of(List.of()),
          new Enrichment(EnrichmentConfig.fromEnv(Map.of("KEY_ATTRIBUTES", "pk"))), 10);
      Message deadLetter = Message.builder().messageId("dlq-1").body("{\"DDBStreamBatchInfo\":{\"shardId\":\"" + shard
          + "\",\"startSequenceNumber\":\"" + written.get(1).dynamodb().sequenceNumber()
          + "\",\"endSequenceNumber\":\"" + written.get(4).dynamodb().sequenceNumber()
          + "\",\"batchSize\":4,\"streamArn\":\"" + streamArn + "\"}}").build();

      StreamReplay.Result result = replay.replay(deadLetter, queue, false);

      assertThat(result.problem()).isEmpty();
      assertThat(result.read()).isEqualTo(4);
      assertThat(ReplayTest.drainFrom(sqs, queue)).extracting(m -> ReplayTest.json(m.body()).path("eventId").asText())
          .containsExactlyInAnyOrderElementsOf(written.subList(1, 5).stream().map(Record::eventID).toList());
    }
  }
}
