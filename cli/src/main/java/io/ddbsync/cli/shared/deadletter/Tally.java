package io.ddbsync.cli.shared.deadletter;

import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;

/** Dead letters counted by failure kind, then by message group, with one example reason per kind. */
public final class Tally {

  /** A kind with more groups than this lists the largest ones and sums the rest. */
  static final int GROUPS_SHOWN = 10;

  private final Map<String, Map<String, Long>> byKind = new TreeMap<>();
  private final Map<String, String> exampleReason = new TreeMap<>();
  private long total;

  public void add(DeadLetterMessage message) {
    byKind.computeIfAbsent(message.kind(), k -> new TreeMap<>()).merge(message.groupId(), 1L, Long::sum);
    exampleReason.putIfAbsent(message.kind(), message.reason());
    total++;
  }

  public long total() {
    return total;
  }

  /** Counts per kind, by kind name. */
  public Map<String, Long> kinds() {
    Map<String, Long> kinds = new TreeMap<>();
    byKind.keySet().forEach(kind -> kinds.put(kind, count(kind)));
    return kinds;
  }

  public long count(String kind) {
    return byKind.getOrDefault(kind, Map.of()).values().stream().mapToLong(Long::longValue).sum();
  }

  public long count(String kind, String groupId) {
    return byKind.getOrDefault(kind, Map.of()).getOrDefault(groupId, 0L);
  }

  /** Counts per kind, then per group (largest first), indented under {@code title}. */
  public void print(PrintWriter out, String title) {
    out.println(title + ": " + total + (total == 1 ? " message" : " messages"));
    byKind.forEach((kind, groups) -> {
      String reason = exampleReason.get(kind);
      out.println("  " + kind + " (" + count(kind) + ")"
          + (reason.equals(kind) ? "" : "  e.g. " + oneLine(reason)));
      groups.entrySet().stream()
          .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
          .limit(GROUPS_SHOWN)
          .forEach(g -> out.println("    group " + (g.getKey().isEmpty() ? "(none)" : g.getKey()) + ": " + g.getValue()));
      if (groups.size() > GROUPS_SHOWN) {
        long rest = groups.entrySet().stream()
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
            .skip(GROUPS_SHOWN)
            .mapToLong(Map.Entry::getValue)
            .sum();
        out.println("    … " + (groups.size() - GROUPS_SHOWN) + " more groups: " + rest);
      }
    });
    out.flush();
  }

  private static String oneLine(String reason) {
    String line = reason.replaceAll("\\s+", " ");
    return line.length() <= 160 ? line : line.substring(0, 159) + "…";
  }
}
