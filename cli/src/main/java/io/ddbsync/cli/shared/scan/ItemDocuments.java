package io.ddbsync.cli.shared.scan;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.cli.shared.error.UserError;
import io.ddbsync.cli.shared.template.EnrichmentSettings;
import io.ddbsync.enrichment.EnrichmentConfig;
import io.ddbsync.item.InvalidRecordException;
import io.ddbsync.item.convert.DynamoJson;
import io.ddbsync.item.diff.Projection;
import io.ddbsync.item.identity.ItemIdentity;
import io.ddbsync.item.identity.ItemKey;
import io.ddbsync.item.route.Router;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * Turns scanned items into {@link SyncedItem}s with the enrichment function's own classes
 * (conversion, projection, routing, identity), so a backfilled or verified document is byte for byte
 * what the stream would have produced.
 */
public final class ItemDocuments {

  /** What became of one item. */
  public sealed interface Converted {
    record Routed(SyncedItem item) implements Converted {}

    /** No route matches and {@code DEFAULT_INDEX} is empty: the enrichment would drop it too. */
    record Unrouted(String id) implements Converted {}

    /** The item cannot be converted (the enrichment would emit an Invalid message). */
    record Invalid(String id, String reason) implements Converted {}
  }

  private final List<String> tableKey;
  private final ItemIdentity identity;
  private final Router router;
  private final Projection projection;
  private final Set<String> indices;

  /**
   * @param tableKey the table's key attribute names, partition key first (from DescribeTable)
   * @throws UserError when {@code KEY_ATTRIBUTES} names other attributes than the table's key: the
   *     document ids would then differ from the ones the stream produces
   */
  public ItemDocuments(EnrichmentConfig config, List<String> tableKey) {
    if (!config.keyAttributes().isEmpty() && !config.keyAttributes().equals(tableKey)) {
      throw new UserError("KEY_ATTRIBUTES is " + String.join(",", config.keyAttributes())
          + " but the table's key is " + String.join(",", tableKey) + "; fix the template or --config");
    }
    this.tableKey = List.copyOf(tableKey);
    this.identity = new ItemIdentity(config.keyAttributes());
    this.router = new Router(config.routes(), config.defaultIndex());
    this.projection = config.projection();
    this.indices = Collections.unmodifiableSortedSet(new TreeSet<>(EnrichmentSettings.routedIndices(config)));
  }

  /** Every index an item can be routed to. */
  public Set<String> indices() {
    return indices;
  }

  /** The table's key attribute names, partition key first. */
  public static List<String> tableKey(TableDescription table) {
    List<String> key = new ArrayList<>();
    for (KeyType type : List.of(KeyType.HASH, KeyType.RANGE)) {
      table.keySchema().stream().filter(k -> k.keyType() == type).forEach(k -> key.add(k.attributeName()));
    }
    return key;
  }

  public Converted convert(Map<String, AttributeValue> item) {
    ObjectNode image = DynamoJson.toJson(item);
    ObjectNode keys = image.objectNode();
    for (String name : tableKey) {
      keys.set(name, image.get(name));
    }
    ItemKey key;
    try {
      key = identity.of(keys);
    } catch (InvalidRecordException e) {
      return new Converted.Invalid(keys.toString(), e.getMessage());
    }
    try {
      Optional<String> index = router.route(image);
      if (index.isEmpty()) {
        return new Converted.Unrouted(key.documentId());
      }
      return new Converted.Routed(
          new SyncedItem(index.get(), key.documentId(), key.groupId(), keys, projection.document(image, "Item")));
    } catch (InvalidRecordException e) {
      return new Converted.Invalid(key.documentId(), e.getMessage());
    }
  }
}
