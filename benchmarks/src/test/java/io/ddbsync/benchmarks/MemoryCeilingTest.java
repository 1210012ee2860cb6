package io.ddbsync.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryCeilingTest {

  @Test
  void bisectionFindsTheSmallestPassingMultipleOfTheStep() {
    List<Integer> tried = new ArrayList<>();
    int smallest = MemoryCeiling.smallestPassing(16, 1024, 4, heap -> {
      tried.add(heap);
      return heap >= 203;
    });

    assertThat(smallest).isEqualTo(204);
    assertThat(tried).hasSizeLessThanOrEqualTo(10).contains(1024, 200, 204);
  }

  @Test
  void bisectionReportsNoneWhenEvenTheTopFails() {
    assertThat(MemoryCeiling.smallestPassing(16, 1024, 4, heap -> false)).isEqualTo(-1);
  }

  @Test
  void bisectionReturnsTheBottomWhenEverythingPasses() {
    assertThat(MemoryCeiling.smallestPassing(16, 1024, 4, heap -> true)).isEqualTo(16);
  }

  @Test
  void lambdaFlagsSplitMemorySizeAsTheRuntimeDoes() {
    assertThat(MemoryCeiling.lambdaFlags(1024))
        .startsWith("-Xmx870m", "-XX:MaxMetaspaceSize=102m", "-XX:ReservedCodeCacheSize=51m");
  }
}
