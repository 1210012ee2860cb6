package io.ddbsync.cli.shared.replay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.cli.shared.streams.StreamReader;
import io.ddbsync.cli.shared.streams.StreamRecordJson;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Reads a batch's records back from the stream with {@link StreamReader}: a cursor at the start
 * sequence number, read until past the end. Records are kept 24 hours; what is gone is reported, never guessed.
 */
public final class ShardRange {

  /** An open shard answers empty pages while nothing new is written; this many in a row end the read. */
  static final int EMPTY_PAGES = 5;

  private final StreamReader reader;

  public ShardRange(DynamoDbStreamsClient streams) {
    this.reader = new StreamReader(streams);
  }

  /**
   * The records of the range, in stream order, and what could not be read.
   *
   * @param problem empty when the whole range was read
   */
  public record Read(List<ObjectNode> records, Optional<String> problem) {}

  public Read read(BatchInfo batch) {
    List<ObjectNode> records = new ArrayList<>();
    BigInteger last = null;
    StreamReader.Cursor cursor;
    try {
      cursor = reader.openAt(batch.streamArn(), batch.shardId(), batch.startSequenceNumber());
    } catch (TrimmedDataAccessException e) {
      return new Read(records, Optional.of("trimmed: the stream no longer holds " + batch.describe()
          + " (records are kept 24 hours)"));
    } catch (ResourceNotFoundException e) {
      return new Read(records, Optional.of("not found: stream or shard of " + batch.describe() + " ("
          + e.awsErrorDetails().errorMessage() + ")"));
    }
    int empty = 0;
    while (!cursor.drained()) {
      List<Record> page;
      try {
        page = cursor.next();
      } catch (ExpiredIteratorException e) {
        return new Read(records, Optional.of("iterators kept expiring while reading " + batch.describe()));
      } catch (TrimmedDataAccessException e) {
        return new Read(records, Optional.of("trimmed while reading " + batch.describe()));
      }
      empty = page.isEmpty() ? empty + 1 : 0;
      for (Record record : page) {
        BigInteger sequence = new BigInteger(record.dynamodb().sequenceNumber());
        if (sequence.compareTo(batch.endSequenceNumber()) > 0) {
          return new Read(records, missing(batch, records, last, true));
        }
        if (sequence.compareTo(batch.startSequenceNumber()) >= 0) {
          records.add(StreamRecordJson.of(record, batch.streamArn()));
          last = sequence;
        }
      }
      if (last != null && last.equals(batch.endSequenceNumber())) {
        return new Read(records, missing(batch, records, last, true));
      }
      if (empty >= EMPTY_PAGES) {
        break;
      }
    }
    return new Read(records, missing(batch, records, last, false));
  }

  private Optional<String> missing(BatchInfo batch, List<ObjectNode> records, BigInteger last, boolean pastEnd) {
    if (records.isEmpty()) {
      return Optional.of("no record of " + batch.describe() + " is in the stream any more");
    }
    BigInteger first = new BigInteger(records.get(0).path("dynamodb").path("SequenceNumber").asText());
    if (!first.equals(batch.startSequenceNumber())) {
      return Optional.of("records before " + first + " of " + batch.describe() + " are missing");
    }
    if (!pastEnd) {
      return Optional.of("the stream ended at " + last + ", before the end of " + batch.describe());
    }
    if (!last.equals(batch.endSequenceNumber())) {
      return Optional.of("the last record " + batch.endSequenceNumber() + " of " + batch.describe() + " is missing");
    }
    return Optional.empty();
  }
}
