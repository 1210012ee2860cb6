package io.ddbsync.indexer;

import io.ddbsync.indexer.idempotency.IdempotencyGuard;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An idempotency store in memory that records every call (from the idempotency pool's threads too):
 * a key marked applied answers {@code ALREADY_APPLIED}, others their scripted answer or {@code CLAIMED}.
 */
public class MemoryGuard implements IdempotencyGuard {

  public final Map<String, Claim> answers = new ConcurrentHashMap<>();
  public final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  public final List<String> applied = Collections.synchronizedList(new ArrayList<>());
  public final List<String> released = Collections.synchronizedList(new ArrayList<>());

  @Override
  public Claim claim(String dedupId, Duration remainingTime) {
    calls.add("claim " + dedupId);
    return applied.contains(dedupId) ? Claim.ALREADY_APPLIED : answers.getOrDefault(dedupId, Claim.CLAIMED);
  }

  @Override
  public void applied(String dedupId) {
    calls.add("applied " + dedupId);
    applied.add(dedupId);
  }

  @Override
  public void release(String dedupId) {
    calls.add("release " + dedupId);
    released.add(dedupId);
  }

  /** The calls about {@code dedupIds}, in the order made. */
  public List<String> callsFor(String... dedupIds) {
    List<String> wanted = List.of(dedupIds);
    synchronized (calls) {
      return calls.stream().filter(call -> wanted.contains(call.substring(call.indexOf(' ') + 1))).toList();
    }
  }
}
