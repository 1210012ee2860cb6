package io.ddbsync.cli.shared.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.cli.shared.streams.ShardLineage.Shard;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShardLineageTest {

  static final Shard PARENT = new Shard("parent", Optional.empty(), true);
  static final Shard LEFT = new Shard("left", Optional.of("parent"), false);
  static final Shard RIGHT = new Shard("right", Optional.of("parent"), false);

  @Test
  void childrenWaitUntilTheirParentIsDrained() {
    List<Shard> listed = List.of(PARENT, LEFT, RIGHT);

    assertThat(ShardLineage.ready(listed, Set.of(), Set.of())).containsExactly(PARENT);
    assertThat(ShardLineage.ready(listed, Set.of("parent"), Set.of())).isEmpty();
    assertThat(ShardLineage.ready(listed, Set.of("parent"), Set.of("parent"))).containsExactly(LEFT, RIGHT);
  }

  @Test
  void aChildWhoseParentIsNoLongerListedIsReadyAtOnce() {
    assertThat(ShardLineage.ready(List.of(LEFT), Set.of(), Set.of())).containsExactly(LEFT);
  }

  @Test
  void startedAndDrainedShardsAreNotReadyAgain() {
    List<Shard> listed = List.of(PARENT, LEFT);

    assertThat(ShardLineage.ready(listed, Set.of("parent", "left"), Set.of("parent"))).isEmpty();
    assertThat(ShardLineage.ready(listed, Set.of(), Set.of("parent", "left"))).isEmpty();
  }
}
