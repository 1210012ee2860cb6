package io.ddbsync.cli.local.pipe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.cli.shared.streams.StreamReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsRequest;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorResponse;
import software.amazon.awssdk.services.dynamodb.model.LimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The follower's polling against an in-memory Streams API: split shards (which moto's server never
 * makes), expired iterators and throttled calls, with what reaches the pipe recorded.
 */
class StreamFollowerTest {

  static final String ARN = "arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/1";

  final FakeStreams streams = new FakeStreams();
  final List<String> delivered = new ArrayList<>();

  @Test
  void aChildShardListedFirstIsReadOnlyAfterItsParentIsDrained() {
    streams.shard("child", "parent", false, record("a", 3), record("b", 4));
    streams.shard("parent", null, true, record("a", 1), record("a", 2));

    follow(ShardIteratorType.TRIM_HORIZON);

    assertThat(delivered).containsExactly("a-1", "a-2", "a-3", "b-4");
  }

  @Test
  void fromLatestSkipsClosedShardsAndWhatOpenShardsHeldBefore() {
    streams.shard("parent", null, true, record("a", 1));
    streams.shard("child", "parent", false, record("a", 2));

    follow(ShardIteratorType.LATEST);

    assertThat(delivered).isEmpty();
    assertThat(streams.latestAsked).containsExactly("child");
  }

  @Test
  void anExpiredIteratorIsRenewedAfterTheLastRecordRead() {
    streams.shard("only", null, true, record("a", 1), record("a", 2), record("a", 3), record("a", 4));
    streams.expireGetRecordsCall = 1;

    StreamReader reader = follow(ShardIteratorType.TRIM_HORIZON);

    assertThat(delivered).containsExactly("a-1", "a-2", "a-3", "a-4");
    assertThat(reader.renewed()).isEqualTo(1);
  }

  @Test
  void throttledCallsWaitAndAreMadeAgain() {
    streams.shard("only", null, true, record("a", 1), record("b", 2));
    streams.throttledGetRecords = 2;

    StreamReader reader = follow(ShardIteratorType.TRIM_HORIZON);

    assertThat(delivered).containsExactly("a-1", "b-2");
    assertThat(reader.throttled()).isEqualTo(2);
  }

  private StreamReader follow(ShardIteratorType from) {
    StreamReader reader = new StreamReader(streams);
    Consumer<List<ObjectNode>> deliver = batch -> batch.forEach(r -> delivered.add(r.path("eventID").asText()));
    // One lane, so that delivery order is stream order across items too.
    new StreamFollower(reader, ARN, r -> true, deliver, new LaneBatches(1, 10, Duration.ofMillis(50)))
        .follow(from, Optional.of(Duration.ofMillis(300)));
    return reader;
  }

  static Record record(String pk, long sequence) {
    return Record.builder().eventID(pk + "-" + sequence).eventName("MODIFY").eventSource("aws:dynamodb")
        .dynamodb(d -> d.keys(Map.of("pk", AttributeValue.fromS(pk)))
            .newImage(Map.of("pk", AttributeValue.fromS(pk)))
            .sequenceNumber(Long.toString(100_000_000_000_000_000L + sequence))
            .streamViewType("NEW_AND_OLD_IMAGES"))
        .build();
  }

  /** Shards in listing order; pages of 2 records; an iterator is "shard:position". */
  static final class FakeStreams implements DynamoDbStreamsClient {
    record FakeShard(String parent, boolean closed, List<Record> records) {}

    final Map<String, FakeShard> shards = new LinkedHashMap<>();
    final List<String> latestAsked = new ArrayList<>();
    int getRecordsCalls;
    int expireGetRecordsCall = -1;
    int throttledGetRecords;

    void shard(String id, String parent, boolean closed, Record... records) {
      shards.put(id, new FakeShard(parent, closed, List.of(records)));
    }

    @Override
    public DescribeStreamResponse describeStream(DescribeStreamRequest request) {
      List<Shard> listed = new ArrayList<>();
      shards.forEach((id, s) -> listed.add(Shard.builder().shardId(id).parentShardId(s.parent())
          .sequenceNumberRange(r -> r.startingSequenceNumber("1").endingSequenceNumber(s.closed() ? "9" : null))
          .build()));
      return DescribeStreamResponse.builder().streamDescription(d -> d.streamArn(ARN).shards(listed)).build();
    }

    @Override
    public GetShardIteratorResponse getShardIterator(GetShardIteratorRequest request) {
      List<Record> records = shards.get(request.shardId()).records();
      int position = switch (request.shardIteratorType()) {
        case TRIM_HORIZON -> 0;
        case LATEST -> {
          latestAsked.add(request.shardId());
          yield records.size();
        }
        case AFTER_SEQUENCE_NUMBER -> {
          int i = 0;
          while (!records.get(i).dynamodb().sequenceNumber().equals(request.sequenceNumber())) {
            i++;
          }
          yield i + 1;
        }
        default -> throw new UnsupportedOperationException(request.shardIteratorTypeAsString());
      };
      return GetShardIteratorResponse.builder().shardIterator(request.shardId() + ":" + position).build();
    }

    @Override
    public GetRecordsResponse getRecords(GetRecordsRequest request) {
      if (throttledGetRecords > 0) {
        throttledGetRecords--;
        throw LimitExceededException.builder().message("rate").build();
      }
      if (getRecordsCalls++ == expireGetRecordsCall) {
        throw ExpiredIteratorException.builder().message("expired").build();
      }
      String[] iterator = request.shardIterator().split(":");
      FakeShard shard = shards.get(iterator[0]);
      int position = Integer.parseInt(iterator[1]);
      int end = Math.min(shard.records().size(), position + 2);
      boolean last = shard.closed() && end == shard.records().size();
      return GetRecordsResponse.builder().records(shard.records().subList(position, end))
          .nextShardIterator(last ? null : iterator[0] + ":" + end).build();
    }

    @Override
    public String serviceName() {
      return "dynamodb";
    }

    @Override
    public void close() {}
  }
}
