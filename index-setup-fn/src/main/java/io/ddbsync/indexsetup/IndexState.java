package io.ddbsync.indexsetup;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the cluster holds for one routed index, read in one call: the physical index of the first
 * layout ({@code legacy}, named like the routed index), the generations, and which generation each
 * alias points to. Reindex derives its next step from this alone, so it resumes after a crash.
 *
 * @param legacy a physical index named {@code index} exists (the layout before generations)
 * @param generations generation number to physical index name, oldest first
 * @param writeGeneration the generation the write alias points to
 * @param liveGeneration the generation {@code <index>-live} points to
 */
public record IndexState(
    String index,
    boolean legacy,
    SortedMap<Integer, String> generations,
    Optional<Integer> writeGeneration,
    Optional<Integer> liveGeneration) {

  public IndexState {
    generations = new TreeMap<>(generations);
  }

  public static IndexState read(OpenSearchCalls calls, String index) throws IOException {
    String targets = String.join(",", index, IndexLayout.generationPattern(index), IndexLayout.liveAlias(index));
    JsonNode answer = calls.ok("GET", "/" + targets + "/_alias?ignore_unavailable=true&allow_no_indices=true", null);
    boolean legacy = false;
    SortedMap<Integer, String> generations = new TreeMap<>();
    Optional<Integer> write = Optional.empty();
    Optional<Integer> live = Optional.empty();
    for (Iterator<Map.Entry<String, JsonNode>> it = answer.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String name = entry.getKey();
      if (name.equals(index)) {
        legacy = true;
        continue;
      }
      Optional<Integer> number = IndexLayout.generationNumber(index, name);
      if (number.isEmpty()) {
        continue;
      }
      generations.put(number.get(), name);
      JsonNode aliases = entry.getValue().path("aliases");
      if (aliases.has(IndexLayout.writeAlias(index))) {
        write = only(write, number.get(), IndexLayout.writeAlias(index));
      }
      if (aliases.has(IndexLayout.liveAlias(index))) {
        live = only(live, number.get(), IndexLayout.liveAlias(index));
      }
    }
    return new IndexState(index, legacy, generations, write, live);
  }

  /** Nothing exists yet for this index. */
  public boolean empty() {
    return !legacy && generations.isEmpty();
  }

  public Optional<Integer> newestGeneration() {
    return generations.isEmpty() ? Optional.empty() : Optional.of(generations.lastKey());
  }

  private static Optional<Integer> only(Optional<Integer> seen, int number, String alias) {
    if (seen.isPresent()) {
      throw new IllegalStateException(
          "alias " + alias + " points to more than one generation (" + seen.get() + " and " + number
              + "); point it at one with POST _aliases before running ddbsync again");
    }
    return Optional.of(number);
  }
}
