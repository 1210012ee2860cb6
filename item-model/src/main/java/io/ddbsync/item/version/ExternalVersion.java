package io.ddbsync.item.version;

/**
 * The OpenSearch external version of a change: {@code (seconds since 2020-01-01) << 32 | (sequence
 * number mod 2^32)}.
 *
 * <p>Why it orders an item's changes: DynamoDB Streams delivers each item's changes in order and
 * {@code ApproximateCreationDateTime} (whole seconds) never decreases along them, so a later second
 * always gives a larger version. Within one second, sequence numbers grow along the shard, and an
 * item's changes are on one shard; their low 32 bits keep that order unless the counter crosses a
 * multiple of 2^32 between two same-second changes of the item. Nothing is held in memory, so the
 * order survives restarts, retries and redrives (unlike a per-second counter).
 *
 * <p>High part: 31 bits of seconds reach 2088; the sign bit stays clear, so versions are positive.
 */
public final class ExternalVersion {

  /** 2020-01-01T00:00:00Z in epoch seconds. */
  public static final long EPOCH_2020 = 1_577_836_800L;

  /** The last second the high 31 bits can hold (2088-01-19). */
  public static final long LAST_SECOND = EPOCH_2020 + Integer.MAX_VALUE;

  private static final long LOW_32_BITS = 0xFFFF_FFFFL;

  private ExternalVersion() {}

  /**
   * Version of a stream change.
   *
   * @param approximateCreationSeconds the record's {@code ApproximateCreationDateTime}, epoch seconds
   * @param sequenceNumber the record's {@code SequenceNumber}: a decimal string, up to 40 digits
   * @throws IllegalArgumentException when the time is not after 2020-01-01 and before 2088, or the
   *     sequence number is not a string of decimal digits
   */
  public static long ofStreamChange(long approximateCreationSeconds, String sequenceNumber) {
    checkSeconds(approximateCreationSeconds, "ApproximateCreationDateTime");
    return (approximateCreationSeconds - EPOCH_2020) << 32 | low32Bits(sequenceNumber);
  }

  /**
   * Version of an item copied by a backfill scan that started at {@code scanStartSeconds}: just below
   * every stream change made in or after that second, so a change the stream delivers later always
   * wins, and the backfill never overwrites it.
   */
  public static long ofBackfill(long scanStartSeconds) {
    checkSeconds(scanStartSeconds, "scan start");
    return ((scanStartSeconds - EPOCH_2020) << 32) - 1;
  }

  /** {@code sequenceNumber mod 2^32}, computed digit by digit (sequence numbers exceed a long). */
  static long low32Bits(String sequenceNumber) {
    int length = sequenceNumber.length();
    if (length == 0) {
      throw new IllegalArgumentException("SequenceNumber is empty");
    }
    long remainder = 0;
    for (int i = 0; i < length; i++) {
      char c = sequenceNumber.charAt(i);
      if (c < '0' || c > '9') {
        throw new IllegalArgumentException("SequenceNumber is not a string of decimal digits");
      }
      remainder = (remainder * 10 + (c - '0')) & LOW_32_BITS;
    }
    return remainder;
  }

  private static void checkSeconds(long seconds, String name) {
    if (seconds <= EPOCH_2020 || seconds > LAST_SECOND) {
      throw new IllegalArgumentException(
          name + " " + seconds + " is not an epoch second after 2020-01-01 and before 2088");
    }
  }
}
