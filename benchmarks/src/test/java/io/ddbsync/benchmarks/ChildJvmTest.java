package io.ddbsync.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ChildJvmTest {

  @Test
  void reportIsTheLastLineWithAFirstInvocation() {
    String stderr =
        "SLF4J: No SLF4J providers were found.\n"
            + "constructor_ms=1.0 first_invocation_ms=2.0\n"
            + "constructor_ms=310.5 first_invocation_ms=42.1 failed=0 peak_rss_mib=88.0\n"
            + "Exception in thread main\n";

    assertThat(ChildJvm.lastReport(stderr))
        .contains(Map.of("constructor_ms", "310.5", "first_invocation_ms", "42.1", "failed", "0", "peak_rss_mib", "88.0"));
  }

  @Test
  void noReportWhenTheChildDiedBeforeItsFirstInvocation() {
    assertThat(ChildJvm.lastReport("Error: Could not find or load main class x\n")).isEmpty();
  }

  @Test
  void cellShowsMedianAndRange() {
    assertThat(ColdStart.cell(new double[] {5, 1, 3, 4, 2}, "%.0f")).isEqualTo("**3** (1–5)");
  }
}
