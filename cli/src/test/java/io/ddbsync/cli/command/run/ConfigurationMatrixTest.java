package io.ddbsync.cli.command.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddbsync.cli.Cli;
import io.ddbsync.cli.shared.error.UserError;
import io.ddbsync.item.stream.TtlExpiry;
import io.ddbsync.item.stream.ViewType;
import io.ddbsync.message.ChangeMessages;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code ddbsync run --matrix}: a few cells of the configuration matrix, small workloads with routing
 * moves and oversize items, under the README's faults. The full matrix (16 cells at 3,000 changes) is
 * {@code ddbsync run --matrix --workload 3000}; its numbers are in BENCHMARKS.md.
 */
class ConfigurationMatrixTest {

  /**
   * Cells CI runs: both TTL modes, both routings, an image view type with moves between two indices,
   * a view type whose every change is fetched and one whose INSERTs are fetched and routed by the
   * indexer, and keys reused after a kept TTL expiry under another route (at seed 4 an order line
   * moved to orders, expired there and inserted again as an order line: the indexer tombstones the
   * kept document in orders).
   */
  static final List<String> CI_CELLS = List.of("NEW_AND_OLD_IMAGES/delete/default", "KEYS_ONLY/keep/no-default",
      "OLD_IMAGE/keep/no-default", "NEW_AND_OLD_IMAGES/keep/default");

  @Test
  void theSelectedCellsConvergeUnderFaults() throws Exception {
    List<String> args = new ArrayList<>(List.of("run", "--template", Cli.template().toString(), "--matrix",
        "--cells", String.join(",", CI_CELLS), "--workload", "400", "--items", "80", "--seed", "4",
        "--faults", ConvergenceUnderFaultsTest.FAULTS, "--json"));
    args.addAll(TestEngines.options());

    Cli.Result run = Cli.run(args.toArray(String[]::new));

    JsonNode matrix = ChangeMessages.MAPPER.readTree(run.lastLine());
    assertThat(matrix.path("cells").asInt()).isEqualTo(CI_CELLS.size());
    for (JsonNode cell : matrix.path("results")) {
      String name = cell.path("cell").asText();
      assertThat(cell.path("missing").asLong()).as("%s missing; %s", name, cell).isZero();
      assertThat(cell.path("stale").asLong()).as("%s stale; %s", name, cell).isZero();
      assertThat(cell.path("resurrected").asLong()).as("%s resurrected; %s", name, cell).isZero();
      assertThat(cell.path("poisonUnaccounted").asLong()).as("%s poison; %s", name, cell).isZero();
      assertThat(cell.path("expectedLive").asLong()).as("%s has documents to compare", name).isPositive();
      if (name.equals("NEW_AND_OLD_IMAGES/keep/default")) {
        assertThat(cell.path("keptReplaced").asLong()).as("%s: keys came back under another route", name).isPositive();
      }
      assertThat(cell.path("faults").path("proxy").path("refused429").asLong()
          + cell.path("faults").path("proxy").path("timedOut").asLong()).as("%s faults happened", name).isPositive();
    }
    assertThat(run.exitCode()).as(run.err()).isZero();
  }

  @Test
  void cellsAreNamedViewTtlRoutingAndABadNameSaysWhatIsExpected() {
    ConfigurationMatrix.Cell cell = ConfigurationMatrix.Cell.parse("old_image/keep/no-default");

    assertThat(cell).isEqualTo(new ConfigurationMatrix.Cell(ViewType.OLD_IMAGE, TtlExpiry.KEEP, false));
    assertThat(cell.name()).isEqualTo("OLD_IMAGE/keep/no-default");
    assertThat(ConfigurationMatrix.Cell.all()).hasSize(16).doesNotHaveDuplicates();
    assertThatThrownBy(() -> ConfigurationMatrix.Cell.parse("NEW_IMAGE/forever/default"))
        .isInstanceOf(UserError.class).hasMessageContaining("NEW_IMAGE/forever/default").hasMessageContaining("keep");
  }

  @Test
  void cellsWhoseChangesAreAllFetchedRunWithoutPoison() {
    assertThat(ConfigurationMatrix.withoutPoison("os429=0.05,poison=0.01,redrive=0.05")).isEqualTo("os429=0.05,redrive=0.05");
    assertThat(new ConfigurationMatrix.Cell(ViewType.KEYS_ONLY, TtlExpiry.DELETE, true).fetchesEveryChange()).isTrue();
    assertThat(new ConfigurationMatrix.Cell(ViewType.NEW_IMAGE, TtlExpiry.DELETE, true).fetchesEveryChange()).isFalse();
  }
}
