package io.ddbsync.cli.shared.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddbsync.cli.shared.error.UserError;
import io.ddbsync.enrichment.EnrichmentConfig;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EnrichmentSettingsTest {

  @Test
  void routedIndicesAreEveryRoutesAndTheDefaultOnceSorted() {
    EnrichmentConfig config = EnrichmentSettings.load(Optional.empty(), Map.of("KEY_ATTRIBUTES", "pk",
        "ROUTES", "kind=order=>orders;kind=refund=>orders;kind=user=>users", "DEFAULT_INDEX", "misc"));

    assertThat(EnrichmentSettings.routedIndices(config)).containsExactly("misc", "orders", "users");
  }

  @Test
  void withoutADefaultIndexOnlyTheRoutesCount() {
    EnrichmentConfig config = EnrichmentSettings.load(Optional.empty(), Map.of("KEY_ATTRIBUTES", "pk", "ROUTES", "kind=user=>users",
        "DEFAULT_INDEX", ""));

    assertThat(EnrichmentSettings.routedIndices(config)).containsExactly("users");
  }

  @Test
  void aBadVariableIsAUserErrorNamingIt() {
    assertThatThrownBy(() -> EnrichmentSettings.load(Optional.empty(), Map.of("ROUTES", "no arrow here")))
        .isInstanceOf(UserError.class)
        .hasMessageStartingWith("enrichment configuration: ")
        .hasMessageContaining("ROUTES");
  }
}
