package io.ddbsync.enrichment;

import io.ddbsync.item.diff.Projection;
import io.ddbsync.function.log.ItemKeyHash;
import io.ddbsync.function.log.JsonLog;
import io.ddbsync.item.route.Route;
import io.ddbsync.item.route.Router;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The enrichment function's settings, read once from its environment (names as in
 * {@code pipeline.yaml}). An unset or empty variable takes its default, except {@code DEFAULT_INDEX},
 * where empty means "no default index".
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

  public enum TtlExpiry {
    /** Tombstone the document, marked {@code ttl=true}. */
    DELETE,
    /** Leave the document: the index keeps items DynamoDB expired (an archive). */
    KEEP
  }

  public EnrichmentConfig {
    keyAttributes = List.copyOf(keyAttributes);
    routes = List.copyOf(routes);
  }

  /** Reads and checks the variables. @throws ConfigurationException naming the first bad variable */
  public static EnrichmentConfig fromEnv(Map<String, String> env) {
    List<String> keyAttributes = names(env, "KEY_ATTRIBUTES");
    if (keyAttributes.size() > 2 || Set.copyOf(keyAttributes).size() != keyAttributes.size()) {
      throw new ConfigurationException(
          "KEY_ATTRIBUTES", "expected the partition key and optionally the sort key, e.g. pk,sk");
    }

    String defaultIndexText = env.getOrDefault("DEFAULT_INDEX", DEFAULT_INDEX_NAME).strip();
    Optional<String> defaultIndex = Optional.of(defaultIndexText).filter(s -> !s.isEmpty());
    defaultIndex.ifPresent(index -> checkIndex(index, "DEFAULT_INDEX"));

    List<Route> routes;
    try {
      routes = Router.parseRoutes(value(env, "ROUTES").orElse(""));
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("ROUTES", e.getMessage());
    }

    Projection projection =
        new Projection(
            Set.copyOf(names(env, "INDEXED_ATTRIBUTES")), Set.copyOf(names(env, "IGNORED_ATTRIBUTES")));

    TtlExpiry ttlExpiry =
        choice(env, "TTL_EXPIRY", TtlExpiry.class, TtlExpiry.DELETE, "delete or keep");
    JsonLog.Level logLevel =
        choice(env, "LOG_LEVEL", JsonLog.Level.class, JsonLog.Level.INFO, "DEBUG, INFO, WARN or ERROR");
    ItemKeyHash itemKeys;
    try {
      itemKeys = ItemKeyHash.fromEnvironment(env);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(ItemKeyHash.MODE_VARIABLE, e.getMessage());
    }

    int maxMessageBytes = SQS_MAX_MESSAGE_BYTES;
    Optional<String> max = value(env, "MAX_MESSAGE_BYTES");
    if (max.isPresent()) {
      try {
        maxMessageBytes = Integer.parseInt(max.get());
      } catch (NumberFormatException e) {
        maxMessageBytes = -1;
      }
      if (maxMessageBytes < MIN_MESSAGE_BYTES || maxMessageBytes > SQS_MAX_MESSAGE_BYTES) {
        throw new ConfigurationException(
            "MAX_MESSAGE_BYTES",
            "expected a whole number of bytes from " + MIN_MESSAGE_BYTES + " to "
                + SQS_MAX_MESSAGE_BYTES + " (the queue's MaximumMessageSize), got '" + max.get() + "'");
      }
    }
    return new EnrichmentConfig(
        keyAttributes, defaultIndex, routes, projection, ttlExpiry, maxMessageBytes, logLevel, itemKeys);
  }

  private static void checkIndex(String index, String variable) {
    try {
      Router.checkIndexName(index);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(variable, e.getMessage());
    }
  }

  private static Optional<String> value(Map<String, String> env, String variable) {
    return Optional.ofNullable(env.get(variable)).map(String::strip).filter(s -> !s.isEmpty());
  }

  private static List<String> names(Map<String, String> env, String variable) {
    return value(env, variable)
        .map(text -> Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList())
        .orElse(List.of());
  }

  private static <E extends Enum<E>> E choice(
      Map<String, String> env, String variable, Class<E> type, E fallback, String expected) {
    Optional<String> text = value(env, variable);
    if (text.isEmpty()) {
      return fallback;
    }
    try {
      return Enum.valueOf(type, text.get().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(variable, "expected " + expected + ", got '" + text.get() + "'");
    }
  }
}
