package io.ddbsync.cli.local.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.enrichment.EnrichmentConfig;
import io.ddbsync.item.stream.ViewType;
import io.ddbsync.message.ChangeMessages;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * A realistic, reproducible DynamoDB stream: inserts, updates, deletes and TTL expiries of several
 * entity types (orders, order lines, customers, products) using every attribute type, with hot keys
 * that change several times within one second. Sequence numbers increase and have 21 digits;
 * {@code ApproximateCreationDateTime} never decreases, as in a real shard.
 *
 * <p>With a drift share, that share of the items gives its attributes other types, change by change
 * (each attribute drawn again at each change): N and S, M and S, BOOL and S swap, lists mix types,
 * a set stands in for a scalar, as in single-table designs and old items. Every such item must still
 * be indexed in full.
 *
 * <p>With a poison share, that share of the updates adds {@value #POISON_ATTRIBUTE}, a map nested
 * deeper than OpenSearch's {@code index.mapping.depth.limit} (20): genuine poison, which the indexer
 * dead-letters. The next change of the item drops it again.
 *
 * <p>A {@link WorkloadShape} also adds routing moves (an update that changes {@code entityType}),
 * oversize items (a text above the message budget, for their whole life, so every change of theirs
 * is fetched) and the images of another stream view type. An oversize item is never poisoned: its
 * changes are read back from the table, which holds only its final state.
 *
 * <p>Drift, poison and shape draws come from their own random sources, so a seed yields the same
 * stream of keys and changes with or without them, apart from the values they change.
 */
public final class WorkloadGenerator {

  /** 2025-01-01T00:00:00Z: the stream's first second. */
  static final long START_SECONDS = 1_735_689_600L;

  /**
   * The first sequence number: 21 digits, its low 32 bits small so that a workload of a few million
   * changes never crosses a multiple of 2^32 (see "Versions" in docs/how-it-works.md).
   */
  static final BigInteger FIRST_SEQUENCE = BigInteger.TEN.pow(20)
      .divide(BigInteger.ONE.shiftLeft(32)).add(BigInteger.ONE).shiftLeft(32).add(BigInteger.valueOf(1000));

  private static final JsonNodeFactory JSON = ChangeMessages.MAPPER.getNodeFactory();
  private static final String STREAM_ARN =
      "arn:aws:dynamodb:us-east-1:000000000000:table/ddbsync-local/stream/2025-01-01T00:00:00.000";
  private static final String[] STATUSES = {"PENDING", "PAID", "SHIPPED", "DELIVERED", "CANCELLED"};
  private static final String[] TIERS = {"bronze", "silver", "gold"};

  /** The attribute a poisoned change adds: a map nested deeper than any index takes. */
  public static final String POISON_ATTRIBUTE = "deep";

  /** Levels of the poisoned map: over OpenSearch's default depth limit (20), under DynamoDB's (32). */
  static final int POISON_DEPTH = 25;

  private final Random random;
  private final Random poisonRandom;
  private final Random driftRandom;
  private final Random shapeRandom;
  private final String partitionKey;
  private final String sortKey;

  /** The key attributes a generated workload uses: the configured ones, else {@code pk,sk}. */
  public static List<String> keyAttributes(EnrichmentConfig config) {
    return config.keyAttributes().isEmpty() ? List.of("pk", "sk") : config.keyAttributes();
  }

  public WorkloadGenerator(long seed, List<String> keyAttributes) {
    this.random = new Random(seed);
    this.poisonRandom = new Random(~seed);
    this.driftRandom = new Random(seed * 31 + 17);
    this.shapeRandom = new Random(seed * 37 + 29);
    this.partitionKey = keyAttributes.get(0);
    this.sortKey = keyAttributes.size() > 1 ? keyAttributes.get(1) : "";
  }

  public Workload generate(int changes, int items) {
    return generate(changes, items, WorkloadShape.plain(0, 0));
  }

  public Workload generate(int changes, int items, WorkloadShape shape) {
    if (changes < 1 || items < 1) {
      throw new IllegalArgumentException("a workload needs at least one change and one item");
    }
    double poison = shape.poison();
    List<ObjectNode> keys = new ArrayList<>(items);
    Set<String> drifting = new LinkedHashSet<>();
    Set<String> oversize = new LinkedHashSet<>();
    for (int i = 0; i < items; i++) {
      keys.add(key(i));
      if (driftRandom.nextDouble() < shape.drift()) {
        drifting.add(keys.get(i).toString());
      }
      if (shape.oversize() > 0 && shapeRandom.nextDouble() < shape.oversize()) {
        oversize.add(keys.get(i).toString());
      }
    }
    String notes = shape.oversize() > 0 ? "n".repeat(shape.oversizeBytes()) : "";
    Map<String, ObjectNode> ttlExpired = new LinkedHashMap<>();
    // Changes are made to the items' images with their usual types; drift is applied on the way out.
    Map<String, ObjectNode> typical = new LinkedHashMap<>();
    int hot = Math.max(1, items / 10);
    Map<String, ObjectNode> table = new LinkedHashMap<>();
    Map<String, ObjectNode> expected = new LinkedHashMap<>();
    Set<String> poisonEventIds = new LinkedHashSet<>();
    List<ObjectNode> records = new ArrayList<>(changes);
    long second = START_SECONDS;
    BigInteger sequence = FIRST_SEQUENCE;
    int burst = 0;
    ObjectNode burstKey = null;
    for (int n = 0; n < changes; n++) {
      ObjectNode itemKey;
      if (burst > 0) {
        itemKey = burstKey; // several changes of one hot item within the same second
        burst--;
      } else {
        second += random.nextInt(3);
        if (random.nextInt(10) < 5) {
          itemKey = keys.get(random.nextInt(hot));
          if (random.nextInt(4) == 0) {
            burstKey = itemKey;
            burst = 1 + random.nextInt(3);
          }
        } else {
          itemKey = keys.get(random.nextInt(items));
        }
      }
      sequence = sequence.add(BigInteger.valueOf(1 + random.nextInt(1000)));
      String tableKey = itemKey.toString();
      ObjectNode old = table.get(tableKey);
      ObjectNode record;
      boolean poisoned = false;
      if (old == null) {
        ObjectNode image = image(itemKey, n, second);
        if (oversize.contains(tableKey)) {
          image.set("notes", s(notes));
        }
        typical.put(tableKey, image);
        image = drifting.contains(tableKey) ? drifted(image) : image.deepCopy();
        table.put(tableKey, image);
        record = record("INSERT", itemKey, image, null, second, sequence, false, shape.viewType());
      } else {
        int roll = random.nextInt(100);
        if (roll < 10) {
          table.remove(tableKey);
          typical.remove(tableKey);
          record = record("REMOVE", itemKey, null, old, second, sequence, false, shape.viewType());
        } else if (roll < 15 && old.has("expiresAt")) {
          table.remove(tableKey);
          typical.remove(tableKey);
          ttlExpired.put(tableKey, expected.get(tableKey));
          record = record("REMOVE", itemKey, null, old, second, sequence, true, shape.viewType());
        } else {
          ObjectNode image = modify(itemKey, typical.get(tableKey), n, second);
          if (shape.moves() > 0 && shapeRandom.nextDouble() < shape.moves()) {
            moved(itemKey).ifPresent(type -> image.set("entityType", s(type)));
          }
          typical.put(tableKey, image);
          ObjectNode written = drifting.contains(tableKey) ? drifted(image) : image.deepCopy(); // poison must not reach typical
          // Poison only after a clean change, so the index keeps a state to compare with.
          poisoned = poison > 0 && poisonRandom.nextDouble() < poison && !old.has(POISON_ATTRIBUTE)
              && !oversize.contains(tableKey);
          if (poisoned) {
            written.set(POISON_ATTRIBUTE, tooDeep());
          }
          table.put(tableKey, written);
          record = record("MODIFY", itemKey, written, old, second, sequence, false, shape.viewType());
        }
      }
      if (!"REMOVE".equals(record.path("eventName").asText()) || !ttl(record)) {
        ttlExpired.remove(tableKey);
      }
      if (poisoned) {
        poisonEventIds.add(record.path("eventID").asText());
      } else if (table.containsKey(tableKey)) {
        expected.put(tableKey, table.get(tableKey));
      } else {
        expected.remove(tableKey);
      }
      records.add(record);
    }
    List<String> keyAttributes = sortKey.isEmpty() ? List.of(partitionKey) : List.of(partitionKey, sortKey);
    return new Workload(records, table, keyAttributes, expected, poisonEventIds, ttlExpired, oversize, shape.viewType());
  }

  private static boolean ttl(ObjectNode record) {
    return record.has("userIdentity");
  }

  /**
   * The {@code entityType} a routing move gives an item, by its key: an order alternates with
   * {@code Quote}, which no route names, an order line with {@code Order}; other items do not move.
   */
  private Optional<String> moved(ObjectNode key) {
    String current = entityType(key, partitionKey, sortKey);
    return switch (current) {
      case "Order" -> Optional.of("Quote");
      case "OrderLine" -> Optional.of("Order");
      default -> Optional.empty();
    };
  }

  private ObjectNode key(int i) {
    ObjectNode key = JSON.objectNode();
    String pk;
    String sk;
    switch (i % 4) {
      case 0 -> { pk = "ORDER#" + i; sk = "META"; }
      case 1 -> { pk = "ORDER#" + (i - 1); sk = "LINE#" + String.format("%03d", i % 1000); }
      case 2 -> { pk = "CUSTOMER#" + i; sk = "PROFILE"; }
      default -> { pk = "PRODUCT#" + i; sk = "DETAILS"; }
    }
    if (sortKey.isEmpty()) {
      key.set(partitionKey, s(pk + (i % 4 == 1 ? "|" + sk : "")));
    } else {
      key.set(partitionKey, s(pk));
      key.set(sortKey, s(sk));
    }
    return key;
  }

  private static String entityType(ObjectNode key, String partitionKey, String sortKey) {
    String pk = key.path(partitionKey).path("S").asText();
    String sk = sortKey.isEmpty() ? pk : key.path(sortKey).path("S").asText();
    if (pk.startsWith("CUSTOMER#")) {
      return "Customer";
    }
    if (pk.startsWith("PRODUCT#")) {
      return "Product";
    }
    return sk.contains("LINE#") ? "OrderLine" : "Order";
  }

  private ObjectNode image(ObjectNode key, int n, long second) {
    ObjectNode image = key.deepCopy();
    String type = entityType(key, partitionKey, sortKey);
    image.set("entityType", s(type));
    image.set("updatedAt", s(java.time.Instant.ofEpochSecond(second).toString()));
    image.set("revision", num(Integer.toString(n)));
    switch (type) {
      case "Order" -> {
        image.set("status", s(STATUSES[random.nextInt(STATUSES.length)]));
        image.set("total", num(money()));
        image.set("paid", bool(random.nextBoolean()));
        image.set("shipping", map("city", s("Lyon"), "zip", s(String.format("%05d", random.nextInt(100000)))));
        image.set("tags", ss("new", "web"));
        image.set("expiresAt", num(Long.toString(second + 86_400)));
      }
      case "OrderLine" -> {
        image.set("sku", s("SKU-" + random.nextInt(500)));
        image.set("quantity", num(Integer.toString(1 + random.nextInt(9))));
        image.set("unitPrice", num(money()));
        image.set("discounts", ns("0.5", "1.25"));
        image.set("expiresAt", num(Long.toString(second + 3_600)));
      }
      case "Customer" -> {
        image.set("name", s("Customer " + n));
        image.set("email", s("c" + n + "@example.com"));
        image.set("tier", s(TIERS[random.nextInt(TIERS.length)]));
        image.set("balance", num("12345678901234567890.123456789"));
        image.set("avatar", bin(new byte[] {1, 2, 3, (byte) n}));
        image.set("nickname", nul());
        image.set("addresses", list(map("city", s("Paris")), map("city", s("Nantes"))));
      }
      default -> {
        image.set("title", s("Product \u00e9l\u00e9gant " + n));
        image.set("price", num(money()));
        image.set("stock", num(Integer.toString(random.nextInt(1000))));
        // Every number of one attribute has the same shape (here decimals): OpenSearch maps a field
        // from its first value, and an integer after a decimal in one array is a mapping conflict.
        image.set("ratings", ns("4.0", "4.5", "5.0"));
        image.set("thumbnails", bs(new byte[] {9, 8}, new byte[] {7}));
        image.set("active", bool(true));
      }
    }
    return image;
  }

  /**
   * A copy where each attribute that can drift takes, with even odds, another type: N, BOOL, M and
   * sets become S (or the other way round), lists mix types, sets stand in for scalars.
   */
  private ObjectNode drifted(ObjectNode image) {
    ObjectNode copy = image.deepCopy();
    for (String name : List.of("status", "total", "paid", "shipping", "tags", "quantity", "sku", "discounts",
        "tier", "balance", "addresses", "price", "stock", "active", "title")) {
      JsonNode value = copy.get(name);
      if (value != null && driftRandom.nextBoolean()) {
        copy.set(name, otherType(value));
      }
    }
    return copy;
  }

  private ObjectNode otherType(JsonNode value) {
    Map.Entry<String, JsonNode> typed = value.properties().iterator().next();
    JsonNode content = typed.getValue();
    return switch (typed.getKey()) {
      case "N" -> driftRandom.nextBoolean() ? s(content.asText()) : ns(content.asText()); // N to S, or a set
      case "BOOL" -> s(content.asBoolean() ? "yes" : "no");
      case "M" -> s(content.toString().length() + " characters of a map, as text");
      case "SS", "NS" -> list(s("mixed"), num("1"), bool(true)); // a list mixing types
      case "L" -> list(s("first"), map("nested", num("2"))); // a list mixing a string and a map
      default -> switch (driftRandom.nextInt(3)) { // S to N, to M or to a set
        case 0 -> num(Integer.toString(content.asText().length()));
        case 1 -> map("text", s(content.asText()));
        default -> ss(content.asText(), "other");
      };
    };
  }

  /** {@value #POISON_DEPTH} nested maps: more levels than OpenSearch's depth limit takes. */
  private static ObjectNode tooDeep() {
    ObjectNode value = num("1");
    for (int level = POISON_DEPTH; level > 0; level--) {
      value = map("level" + level, value);
    }
    return value;
  }

  /**
   * A changed copy: most updates touch one or two business attributes and updatedAt. The attributes
   * follow the item's kind (by its key), whatever {@code entityType} a move gave it; a move lasts
   * until the item's next update.
   */
  private ObjectNode modify(ObjectNode key, ObjectNode old, int n, long second) {
    ObjectNode image = old.deepCopy();
    String kind = entityType(key, partitionKey, sortKey);
    image.set("entityType", s(kind));
    image.set("updatedAt", s(java.time.Instant.ofEpochSecond(second).toString()));
    image.set("revision", num(Integer.toString(n)));
    switch (kind) {
      case "Order" -> {
        image.set("status", s(STATUSES[random.nextInt(STATUSES.length)]));
        if (random.nextBoolean()) {
          image.set("total", num(money()));
        }
      }
      case "OrderLine" -> image.set("quantity", num(Integer.toString(1 + random.nextInt(9))));
      case "Customer" -> {
        image.set("tier", s(TIERS[random.nextInt(TIERS.length)]));
        if (random.nextInt(3) == 0) {
          image.remove("nickname");
        } else {
          image.set("nickname", s("nick" + n));
        }
      }
      default -> {
        image.set("stock", num(Integer.toString(random.nextInt(1000))));
        image.set("price", num(money()));
      }
    }
    return image;
  }

  /** A stream record as DynamoDB writes it for {@code viewType}: only the images that view carries. */
  private ObjectNode record(
      String eventName, ObjectNode key, ObjectNode newImage, ObjectNode oldImage,
      long second, BigInteger sequence, boolean ttl, ViewType viewType) {
    boolean withNew = viewType == ViewType.NEW_IMAGE || viewType == ViewType.NEW_AND_OLD_IMAGES;
    boolean withOld = viewType == ViewType.OLD_IMAGE || viewType == ViewType.NEW_AND_OLD_IMAGES;
    if (!withNew) {
      newImage = null;
    }
    if (!withOld) {
      oldImage = null;
    }
    ObjectNode record = JSON.objectNode();
    record.put("eventID", eventId());
    record.put("eventName", eventName);
    record.put("eventVersion", "1.1");
    record.put("eventSource", "aws:dynamodb");
    record.put("awsRegion", "us-east-1");
    ObjectNode dynamodb = record.putObject("dynamodb");
    dynamodb.put("ApproximateCreationDateTime", second);
    dynamodb.set("Keys", key.deepCopy());
    if (newImage != null) {
      dynamodb.set("NewImage", newImage.deepCopy());
    }
    if (oldImage != null) {
      dynamodb.set("OldImage", oldImage.deepCopy());
    }
    dynamodb.put("SequenceNumber", sequence.toString());
    dynamodb.put("SizeBytes", (newImage == null ? 0 : newImage.toString().length())
        + (oldImage == null ? 0 : oldImage.toString().length()));
    dynamodb.put("StreamViewType", viewType.name());
    record.put("eventSourceARN", STREAM_ARN);
    if (ttl) {
      ObjectNode identity = record.putObject("userIdentity");
      identity.put("type", "Service");
      identity.put("principalId", "dynamodb.amazonaws.com");
    }
    return record;
  }

  private String eventId() {
    return String.format("%016x%016x", random.nextLong(), random.nextLong());
  }

  private String money() {
    return random.nextInt(100_000) + "." + String.format("%02d", random.nextInt(100));
  }

  private static ObjectNode s(String value) {
    return JSON.objectNode().put("S", value);
  }

  private static ObjectNode num(String value) {
    return JSON.objectNode().put("N", value);
  }

  private static ObjectNode bool(boolean value) {
    return JSON.objectNode().put("BOOL", value);
  }

  private static ObjectNode nul() {
    return JSON.objectNode().put("NULL", true);
  }

  private static ObjectNode bin(byte[] value) {
    return JSON.objectNode().put("B", Base64.getEncoder().encodeToString(value));
  }

  private static ObjectNode ss(String... values) {
    return set("SS", values);
  }

  private static ObjectNode ns(String... values) {
    return set("NS", values);
  }

  private static ObjectNode bs(byte[]... values) {
    return set("BS", Arrays.stream(values).map(Base64.getEncoder()::encodeToString).toArray(String[]::new));
  }

  /** A DynamoDB set of {@code type} (SS, NS or BS, the last as base64 text). */
  private static ObjectNode set(String type, String... values) {
    ObjectNode node = JSON.objectNode();
    ArrayNode set = node.putArray(type);
    for (String value : values) {
      set.add(value);
    }
    return node;
  }

  private static ObjectNode map(Object... pairs) {
    ObjectNode node = JSON.objectNode();
    ObjectNode m = node.putObject("M");
    for (int i = 0; i < pairs.length; i += 2) {
      m.set((String) pairs[i], (ObjectNode) pairs[i + 1]);
    }
    return node;
  }

  private static ObjectNode list(ObjectNode... values) {
    ObjectNode node = JSON.objectNode();
    ArrayNode l = node.putArray("L");
    for (ObjectNode value : values) {
      l.add(value);
    }
    return node;
  }
}
