package io.ddbsync.cli.shared.compare;

import io.ddbsync.enrichment.EnrichmentConfig;
import io.ddbsync.item.stream.TtlExpiry;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * With {@code TTL_EXPIRY=keep} the index keeps the documents of items DynamoDB's TTL deleted: such a
 * document has no item, yet it is not drift. It is told apart from a deleted item's document by the
 * table's TTL attribute: a document whose TTL value is in the past was (or will shortly be) expired
 * by DynamoDB, which deletes expired items within a few days
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/howitworks-ttl.html). An item a
 * user deleted after its TTL time passed looks the same and is kept too.
 *
 * @param attribute the TTL attribute, when documents can be checked against it
 * @param refusal why extra documents must not be tombstoned, when they cannot be checked
 */
public record KeptExpiries(Optional<String> attribute, long nowSeconds, Optional<String> refusal) {

  /** {@code TTL_EXPIRY=delete}: every document without an item is extra. */
  public static final KeptExpiries NONE = new KeptExpiries(Optional.empty(), 0, Optional.empty());

  /**
   * @param ttlAttribute {@code --ttl-attribute}, else the table's TTL from {@code describe}
   *     (DescribeTimeToLive)
   */
  public static KeptExpiries of(EnrichmentConfig config, Optional<String> ttlAttribute,
      Supplier<TimeToLiveDescription> describe, long nowSeconds) {
    if (config.ttlExpiry() != TtlExpiry.KEEP) {
      return NONE;
    }
    Optional<String> attribute = ttlAttribute;
    String source = "--ttl-attribute";
    if (attribute.isEmpty()) {
      source = "DescribeTimeToLive";
      try {
        TimeToLiveDescription ttl = describe.get();
        if (ttl.timeToLiveStatus() == TimeToLiveStatus.ENABLED || ttl.timeToLiveStatus() == TimeToLiveStatus.ENABLING) {
          attribute = Optional.ofNullable(ttl.attributeName());
        } else {
          return refused("the table's TTL is " + ttl.timeToLiveStatusAsString() + " (DescribeTimeToLive)");
        }
      } catch (RuntimeException e) {
        return refused("DescribeTimeToLive failed (" + e.getMessage() + ")");
      }
    }
    if (attribute.isEmpty()) {
      return refused("DescribeTimeToLive names no TTL attribute");
    }
    if (!config.projection().includes(attribute.get())) {
      return refused("the TTL attribute '" + attribute.get() + "' (" + source
          + ") is left out of the documents by INDEXED_ATTRIBUTES or IGNORED_ATTRIBUTES");
    }
    return new KeptExpiries(attribute, nowSeconds, Optional.empty());
  }

  private static KeptExpiries refused(String why) {
    return new KeptExpiries(Optional.empty(), 0, Optional.of("TTL_EXPIRY=keep and " + why
        + ", so a kept TTL expiry cannot be told from a deleted item: extra documents are reported, not tombstoned."
        + " Name the table's TTL attribute with --ttl-attribute to check them"));
  }

  /** A document the index keeps on purpose: its item expired by TTL. */
  public boolean kept(IndexedDocument document) {
    return attribute.isPresent() && document.expiresAt().isPresent() && document.expiresAt().getAsLong() <= nowSeconds;
  }
}
