package io.ddbsync.cli.shared.deadletter;

import java.util.Optional;

/**
 * Which dead letters to move: one message group, one failure kind or reason substring, at most
 * {@code max} messages. Empty filters match everything.
 */
public record RedriveFilter(Optional<String> group, Optional<String> reason, long max) {

  public static final RedriveFilter ALL = new RedriveFilter(Optional.empty(), Optional.empty(), Long.MAX_VALUE);

  public RedriveFilter {
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1, was " + max);
    }
  }

  public boolean matches(DeadLetterMessage message) {
    return group.map(g -> g.equals(message.groupId())).orElse(true)
        && reason.map(message::reasonMatches).orElse(true);
  }

  public boolean any() {
    return group.isPresent() || reason.isPresent() || max != Long.MAX_VALUE;
  }
}
