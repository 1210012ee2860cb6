package io.ddbsync.enrichment;

import static io.ddbsync.enrichment.EnrichmentVariable.DEFAULT_INDEX;
import static io.ddbsync.enrichment.EnrichmentVariable.IGNORED_ATTRIBUTES;
import static io.ddbsync.enrichment.EnrichmentVariable.INDEXED_ATTRIBUTES;
import static io.ddbsync.enrichment.EnrichmentVariable.KEY_ATTRIBUTES;
import static io.ddbsync.enrichment.EnrichmentVariable.LOG_ITEM_KEYS;
import static io.ddbsync.enrichment.EnrichmentVariable.LOG_KEY_HASH_SECRET;
import static io.ddbsync.enrichment.EnrichmentVariable.LOG_LEVEL;
import static io.ddbsync.enrichment.EnrichmentVariable.MAX_MESSAGE_BYTES;
import static io.ddbsync.enrichment.EnrichmentVariable.ROUTES;
import static io.ddbsync.enrichment.EnrichmentVariable.STREAM_VIEW_TYPE;
import static io.ddbsync.enrichment.EnrichmentVariable.TTL_EXPIRY;

import io.ddbsync.function.config.ConfigurationException;
import io.ddbsync.function.config.Environment;
import io.ddbsync.function.log.ItemKeyHash;
import io.ddbsync.function.log.JsonLog;
import io.ddbsync.item.diff.Projection;
import io.ddbsync.item.route.Route;
import io.ddbsync.item.route.Router;
import io.ddbsync.item.stream.TtlExpiry;
import io.ddbsync.item.stream.ViewType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The enrichment function's settings, read once from its environment ({@link EnrichmentVariable}
 * lists the names, as in {@code pipeline.yaml}). An unset or empty variable takes its default, except
 * {@code DEFAULT_INDEX}, where empty means "no default index". {@code STREAM_VIEW_TYPE} is only
 * checked: with NEW_IMAGE, routes must test key attributes.
 *
 * @param keyAttributes {@code KEY_ATTRIBUTES}: key attribute names in key order; empty = each
 *     record's key names sorted
 * @param defaultIndex {@code DEFAULT_INDEX}: the index of items no route matches; empty = such items
 *     are invalid
 * @param routes {@code ROUTES}: first match wins
 * @param projection {@code INDEXED_ATTRIBUTES} and {@code IGNORED_ATTRIBUTES}
 * @param ttlExpiry {@code TTL_EXPIRY}: what a time-to-live REMOVE does to the document
 * @param maxMessageBytes {@code MAX_MESSAGE_BYTES}: the queue's maximum message size
 * @param logLevel {@code LOG_LEVEL}
 * @param itemKeys how logs name items ({@code LOG_ITEM_KEYS}, {@code LOG_KEY_HASH_SECRET})
 */
public record EnrichmentConfig(
    List<String> keyAttributes,
    Optional<String> defaultIndex,
    List<Route> routes,
    Projection projection,
    TtlExpiry ttlExpiry,
    int maxMessageBytes,
    JsonLog.Level logLevel,
    ItemKeyHash itemKeys) {

  /** SQS refuses bodies over 1 MiB. */
  public static final int SQS_MAX_MESSAGE_BYTES = 1_048_576;

  /** Room left for a useful message: see {@link Enrichment#MESSAGE_HEADROOM_BYTES}. */
  public static final int MIN_MESSAGE_BYTES = 32_768;

  public static final String DEFAULT_INDEX_NAME = "items";

  public EnrichmentConfig {
    keyAttributes = List.copyOf(keyAttributes);
    routes = List.copyOf(routes);
  }

  /**
   * Reads and checks the variables ({@link EnrichmentVariable}).
   *
   * @throws ConfigurationException naming the first bad variable
   */
  public static EnrichmentConfig fromEnv(Map<String, String> variables) {
    Environment env = new Environment(variables);
    List<String> keyAttributes = env.list(KEY_ATTRIBUTES);
    if (keyAttributes.size() > 2 || Set.copyOf(keyAttributes).size() != keyAttributes.size()) {
      throw new ConfigurationException(
          KEY_ATTRIBUTES, "expected the partition key and optionally the sort key, e.g. pk,sk");
    }
    List<Route> routes = env.parsed(ROUTES, env.text(ROUTES), Router::parseRoutes);
    if (env.choice(STREAM_VIEW_TYPE, ViewType.class) == ViewType.NEW_IMAGE) {
      checkRoutesOnKeys(routes, keyAttributes);
    }
    return new EnrichmentConfig(
        keyAttributes,
        env.parsed(DEFAULT_INDEX, env.textKeepingEmpty(DEFAULT_INDEX), Router::parseDefaultIndex),
        routes,
        new Projection(Set.copyOf(env.list(INDEXED_ATTRIBUTES)), Set.copyOf(env.list(IGNORED_ATTRIBUTES))),
        env.choice(TTL_EXPIRY, TtlExpiry.class),
        (int) env.integer(MAX_MESSAGE_BYTES, MIN_MESSAGE_BYTES, SQS_MAX_MESSAGE_BYTES),
        env.choice(LOG_LEVEL, JsonLog.Level.class),
        new ItemKeyHash(env.choice(LOG_ITEM_KEYS, ItemKeyHash.Mode.class), env.text(LOG_KEY_HASH_SECRET)));
  }

  /**
   * A NEW_IMAGE record has no old image, so when a routing attribute changes nothing says which
   * index holds the item's document, and it would stay live there. A key never changes, so routes on
   * key attributes are safe; routes on anything else are refused at start.
   */
  private static void checkRoutesOnKeys(List<Route> routes, List<String> keyAttributes) {
    List<String> other = routes.stream().map(Route::attribute).filter(a -> !keyAttributes.contains(a)).distinct().toList();
    if (!other.isEmpty()) {
      throw new ConfigurationException(
          ROUTES,
          "with STREAM_VIEW_TYPE=NEW_IMAGE, routes may test only the key attributes named in KEY_ATTRIBUTES ("
              + (keyAttributes.isEmpty() ? "unset" : String.join(",", keyAttributes)) + "), not " + String.join(", ", other)
              + ": a NEW_IMAGE record has no old image, so an item whose routing attribute changes would stay live"
              + " in the index it leaves. Route on key attributes, or use a NEW_AND_OLD_IMAGES stream");
    }
  }
}
