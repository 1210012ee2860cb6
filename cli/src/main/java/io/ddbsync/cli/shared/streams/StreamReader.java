package io.ddbsync.cli.shared.streams;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.LimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Reads a DynamoDB stream through the Streams API, as Pipes and {@code replay} need it: the shards
 * with their lineage (DescribeStream, every page), and per shard a {@link Cursor} over
 * GetShardIterator and GetRecords. A throttled call (LimitExceededException, after the SDK's own
 * retries) waits with {@link Backoff#THROTTLED} and is made again; an expired iterator (they last 15
 * minutes) is renewed after the last record read. Trimmed data and missing streams are the caller's
 * to report.
 */
public final class StreamReader {

  /** Expired iterators renewed in a row, with no page read between, before the cursor gives up. */
  static final int RENEWALS = 3;

  private final DynamoDbStreamsClient streams;
  private final AtomicLong throttled = new AtomicLong();
  private final AtomicLong renewed = new AtomicLong();

  public StreamReader(DynamoDbStreamsClient streams) {
    this.streams = streams;
  }

  /** Calls throttled so far (each waited and was made again). */
  public long throttled() {
    return throttled.get();
  }

  /** Expired iterators renewed so far. */
  public long renewed() {
    return renewed.get();
  }

  /** Every shard of the stream, in the order DescribeStream lists them. */
  public List<ShardLineage.Shard> shards(String streamArn) {
    List<ShardLineage.Shard> shards = new ArrayList<>();
    String start = null;
    do {
      String from = start;
      DescribeStreamResponse page = unthrottled(() -> streams.describeStream(b -> b.streamArn(streamArn).exclusiveStartShardId(from)));
      page.streamDescription().shards().forEach(s -> shards.add(new ShardLineage.Shard(s.shardId(),
          Optional.ofNullable(s.parentShardId()),
          s.sequenceNumberRange() != null && s.sequenceNumberRange().endingSequenceNumber() != null)));
      start = page.streamDescription().lastEvaluatedShardId();
    } while (start != null);
    return shards;
  }

  /** A cursor at the shard's oldest record (TRIM_HORIZON) or after its newest (LATEST). */
  public Cursor open(String streamArn, String shardId, ShardIteratorType type) {
    return new Cursor(streamArn, shardId, type, Optional.empty());
  }

  /** A cursor at {@code sequence} (AT_SEQUENCE_NUMBER). */
  public Cursor openAt(String streamArn, String shardId, BigInteger sequence) {
    return new Cursor(streamArn, shardId, ShardIteratorType.AT_SEQUENCE_NUMBER, Optional.of(sequence));
  }

  private <T> T unthrottled(Supplier<T> call) {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.get();
      } catch (LimitExceededException e) {
        throttled.incrementAndGet();
        Duration wait = Backoff.THROTTLED.after(attempt);
        LockSupport.parkNanos(wait.toNanos()); // the API's rate limit, not a result, is waited for
      }
    }
  }

  /** One shard read forward, page by page. Not thread-safe. */
  public final class Cursor {
    private final String streamArn;
    private final String shardId;
    private final ShardIteratorType startType;
    private final Optional<BigInteger> startSequence;
    private String iterator;
    private BigInteger last;
    private boolean drained;

    private Cursor(String streamArn, String shardId, ShardIteratorType startType, Optional<BigInteger> startSequence) {
      this.streamArn = streamArn;
      this.shardId = shardId;
      this.startType = startType;
      this.startSequence = startSequence;
      this.iterator = iterator(startType, startSequence);
    }

    public String shardId() {
      return shardId;
    }

    /** True once the shard is closed and every record of it was read: GetRecords gave no next iterator. */
    public boolean drained() {
      return drained;
    }

    /** The next page; empty when nothing new is in the shard yet (or it is drained). */
    public List<Record> next() {
      if (drained) {
        return List.of();
      }
      GetRecordsResponse page = null;
      for (int renewals = 0; page == null; renewals++) {
        String current = iterator;
        try {
          page = unthrottled(() -> streams.getRecords(b -> b.shardIterator(current)));
        } catch (ExpiredIteratorException e) {
          if (renewals == RENEWALS) {
            throw e;
          }
          renewed.incrementAndGet();
          iterator = last == null
              ? iterator(startType, startSequence)
              : iterator(ShardIteratorType.AFTER_SEQUENCE_NUMBER, Optional.of(last));
        }
      }
      if (!page.records().isEmpty()) {
        last = new BigInteger(page.records().get(page.records().size() - 1).dynamodb().sequenceNumber());
      }
      iterator = page.nextShardIterator();
      drained = iterator == null;
      return page.records();
    }

    private String iterator(ShardIteratorType type, Optional<BigInteger> sequence) {
      return unthrottled(() -> streams.getShardIterator(b -> b
              .streamArn(streamArn)
              .shardId(shardId)
              .shardIteratorType(type)
              .sequenceNumber(sequence.map(BigInteger::toString).orElse(null)))
          .shardIterator());
    }
  }
}
