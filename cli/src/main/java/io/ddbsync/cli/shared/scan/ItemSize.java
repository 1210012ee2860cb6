package io.ddbsync.cli.shared.scan;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An item's size as DynamoDB bills reads: attribute names plus values (strings and binaries by
 * length, numbers about one byte per two digits plus one, 3 bytes of overhead per list or map and 1
 * per element). Used to estimate consumed read capacity where the endpoint does not report it.
 */
public final class ItemSize {

  /** An eventually consistent read of up to 4 KB costs half a read capacity unit. */
  private static final int BYTES_PER_UNIT = 4096;

  private static final double UNITS_PER_4KB_EVENTUALLY_CONSISTENT = 0.5;

  private ItemSize() {}

  /** The read capacity a Scan page of {@code bytes} consumes: its total size, rounded up to 4 KB. */
  public static double readUnits(long bytes) {
    return Math.max(1, (bytes + BYTES_PER_UNIT - 1) / BYTES_PER_UNIT) * UNITS_PER_4KB_EVENTUALLY_CONSISTENT;
  }

  public static long of(Map<String, AttributeValue> item) {
    long size = 0;
    for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
      size += utf8(attribute.getKey()) + of(attribute.getValue());
    }
    return size;
  }

  static long of(AttributeValue value) {
    return switch (value.type()) {
      case S -> utf8(value.s());
      case N -> number(value.n());
      case B -> value.b().asByteArrayUnsafe().length;
      case BOOL, NUL -> 1;
      case SS -> value.ss().stream().mapToLong(ItemSize::utf8).sum();
      case NS -> value.ns().stream().mapToLong(ItemSize::number).sum();
      case BS -> value.bs().stream().mapToLong(b -> b.asByteArrayUnsafe().length).sum();
      case L -> 3 + value.l().stream().mapToLong(element -> 1 + of(element)).sum();
      case M -> 3 + value.m().entrySet().stream().mapToLong(e -> 1 + utf8(e.getKey()) + of(e.getValue())).sum();
      case UNKNOWN_TO_SDK_VERSION -> 1;
    };
  }

  private static long utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  private static long number(String n) {
    return (new BigDecimal(n).stripTrailingZeros().precision() + 1) / 2 + 1;
  }
}
