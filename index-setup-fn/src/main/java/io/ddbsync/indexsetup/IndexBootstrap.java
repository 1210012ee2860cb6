package io.ddbsync.indexsetup;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Sets up each routed index, idempotently: puts the index template (for the index's generations),
 * and, when nothing exists yet, creates generation 1 with the write alias {@code <index>} and the
 * filtered alias {@code <index>-live} in the same request. An index that already has its layout is
 * left as it is (its template is refreshed), so running it again changes nothing. A physical index of
 * the first layout (named {@code <index>}) keeps working: it gets its live alias, and
 * {@code ddbsync reindex --index <index>} migrates it.
 *
 * <p>Run by the stack's custom resource (index-setup-fn), {@code ddbsync bootstrap}, and before every
 * command that writes documents.
 */
public final class IndexBootstrap {

  /** What {@link #apply(String)} found or did. */
  public enum Outcome {
    /** Generation 1 and both aliases were created. */
    CREATED,
    /** The layout existed (aliases put back where one was missing). */
    PRESENT,
    /** A physical index of the first layout exists; it got its live alias. Run reindex to migrate. */
    LEGACY
  }

  public record Result(String index, Outcome outcome) {}

  private final OpenSearchCalls calls;
  private final Generations generations;

  public IndexBootstrap(OpenSearchCalls calls, IndexTemplate template) {
    this.calls = calls;
    this.generations = new Generations(calls, template);
  }

  public List<Result> apply(List<String> indices) throws IOException {
    List<Result> results = new ArrayList<>();
    for (String index : indices) {
      results.add(new Result(index, apply(index)));
    }
    return results;
  }

  public Outcome apply(String index) throws IOException {
    generations.putTemplate(index);
    IndexState state = IndexState.read(calls, index);
    if (state.legacy()) {
      calls.ok("PUT", "/" + index + "/_alias/" + IndexLayout.liveAlias(index), generations.template().liveAlias());
      return Outcome.LEGACY;
    }
    if (state.empty()) {
      if (generations.create(index, 1, true)) {
        return Outcome.CREATED;
      }
      state = IndexState.read(calls, index); // created meanwhile by another run
    }
    if (state.writeGeneration().isEmpty() && state.liveGeneration().isEmpty()) {
      generations.addAliases(index, state.newestGeneration().orElseThrow());
    } else if (state.writeGeneration().isEmpty() || state.liveGeneration().isEmpty()) {
      throw new IllegalStateException(
          index + ": only one of the aliases " + IndexLayout.writeAlias(index) + " and " + IndexLayout.liveAlias(index)
              + " exists (" + state + "); run ddbsync reindex --index " + index + " --dry-run to see the state");
    }
    return Outcome.PRESENT;
  }
}
