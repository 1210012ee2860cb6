package io.ddbsync.enrichment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddbsync.item.diff.Projection;
import io.ddbsync.function.log.ItemKeyHash;
import io.ddbsync.function.log.JsonLog;
import io.ddbsync.function.config.ConfigurationException;
import io.ddbsync.item.route.Route;
import io.ddbsync.item.stream.TtlExpiry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EnrichmentConfigTest {

  @Test
  void unsetVariablesTakeTheirDefaults() {
    EnrichmentConfig config = EnrichmentConfig.fromEnv(Map.of());

    assertThat(config)
        .isEqualTo(
            new EnrichmentConfig(
                List.of(), Optional.of("items"), List.of(), Projection.ALL,
                TtlExpiry.DELETE, 1_048_576, JsonLog.Level.INFO, config.itemKeys()));
    assertThat(config.itemKeys().mode()).isEqualTo(ItemKeyHash.Mode.HASHED);
  }

  @Test
  void everyVariableIsRead() {
    EnrichmentConfig config =
        EnrichmentConfig.fromEnv(
            Map.of(
                "KEY_ATTRIBUTES", "pk, sk",
                "DEFAULT_INDEX", "things",
                "ROUTES", "entityType=Order=>orders",
                "INDEXED_ATTRIBUTES", "status,total",
                "IGNORED_ATTRIBUTES", "updatedAt",
                "TTL_EXPIRY", "keep",
                "MAX_MESSAGE_BYTES", "262144",
                "LOG_LEVEL", "warn",
                "LOG_ITEM_KEYS", "plain"));

    assertThat(config)
        .isEqualTo(
            new EnrichmentConfig(
                List.of("pk", "sk"),
                Optional.of("things"),
                List.of(new Route("entityType", Route.Match.EQUALS, "Order", "orders")),
                new Projection(Set.of("status", "total"), Set.of("updatedAt")),
                TtlExpiry.KEEP,
                262_144,
                JsonLog.Level.WARN,
                ItemKeyHash.plain()));
  }

  @Test
  void emptyDefaultIndexMeansNone() {
    assertThat(EnrichmentConfig.fromEnv(Map.of("DEFAULT_INDEX", "")).defaultIndex()).isEmpty();
  }

  @Test
  void emptyVariablesOtherThanDefaultIndexTakeTheirDefaults() {
    assertThat(EnrichmentConfig.fromEnv(Map.of("MAX_MESSAGE_BYTES", "", "TTL_EXPIRY", " ", "LOG_KEY_HASH_SECRET", "s")))
        .isEqualTo(EnrichmentConfig.fromEnv(Map.of("LOG_KEY_HASH_SECRET", "s")));
  }

  @Test
  void newImageStreamWithRoutesOnNonKeyAttributesIsRefusedAtStart() {
    assertThatThrownBy(() -> EnrichmentConfig.fromEnv(Map.of(
            "STREAM_VIEW_TYPE", "NEW_IMAGE", "KEY_ATTRIBUTES", "pk,sk",
            "ROUTES", "pk^CUSTOMER#=>customers;entityType=Order=>orders")))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.variable()).isEqualTo("ROUTES"))
        .hasMessageStartingWith("ROUTES: with STREAM_VIEW_TYPE=NEW_IMAGE, routes may test only the key attributes"
            + " named in KEY_ATTRIBUTES (pk,sk), not entityType:");
    assertThatThrownBy(() -> EnrichmentConfig.fromEnv(Map.of("STREAM_VIEW_TYPE", "NEW_IMAGE", "ROUTES", "pk^C=>c")))
        .hasMessageContaining("(unset), not pk");
  }

  @Test
  void newImageStreamWithRoutesOnKeysOrOtherStreamsWithAnyRoutesStart() {
    assertThat(EnrichmentConfig.fromEnv(Map.of(
            "STREAM_VIEW_TYPE", "new_image", "KEY_ATTRIBUTES", "pk,sk", "ROUTES", "pk^CUSTOMER#=>customers")).routes())
        .hasSize(1);
    assertThat(EnrichmentConfig.fromEnv(Map.of("STREAM_VIEW_TYPE", "NEW_AND_OLD_IMAGES", "ROUTES", "entityType=Order=>orders")).routes())
        .hasSize(1);
  }

  @Test
  void badValuesAreRefusedNamingTheVariable() {
    assertRefused("STREAM_VIEW_TYPE", "BOTH");
    assertRefused("KEY_ATTRIBUTES", "a,b,c");
    assertRefused("KEY_ATTRIBUTES", "pk,pk");
    assertRefused("DEFAULT_INDEX", "Items");
    assertRefused("ROUTES", "entityType=Order");
    assertRefused("TTL_EXPIRY", "archive");
    assertRefused("LOG_ITEM_KEYS", "clear");
    assertRefused("MAX_MESSAGE_BYTES", "lots");
    assertRefused("MAX_MESSAGE_BYTES", "2000000");
    assertRefused("MAX_MESSAGE_BYTES", "1024");
    assertRefused("LOG_LEVEL", "LOUD");
  }

  private static void assertRefused(String variable, String value) {
    assertThatThrownBy(() -> EnrichmentConfig.fromEnv(Map.of(variable, value)))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.variable()).isEqualTo(variable))
        .hasMessageStartingWith(variable + ": ");
  }
}
