package io.ddbsync.cli.local.faults;

import io.ddbsync.cli.shared.error.UserError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The share (0 to 1) of each fault a convergence run injects, parsed from
 * {@code os429=0.1,os503=0.05,timeout=0.02,item429=0.1,item503=0.02,crash=0.05,kill=0.05,idem=0.1,duplicate=0.1,poison=0.01,redrive=0.05,enrich=0.05}.
 *
 * @param os429 share of OpenSearch requests answered 429 (nothing applied)
 * @param os503 share answered 503 (nothing applied)
 * @param timeout share applied by OpenSearch but answered after the client's timeout
 * @param item429 share of {@code _bulk} items refused with 429 (those items are not applied)
 * @param item503 share of {@code _bulk} items refused with 503 (not applied)
 * @param crash share of indexer invocations that throw after the bulk, before returning
 * @param kill share of indexer invocations that die at a random request (claim, fetch, bulk,
 *     completion), nothing of them reaching any service afterwards ({@link KillingIndexer})
 * @param idem share of indexer invocations during which the idempotency table answers every request
 *     with 500 (an outage longer than the client's retries)
 * @param duplicate share of pipe messages delivered a second time, later, under another deduplication id
 * @param poison share of changes whose attribute flips type (a mapping conflict: dead-lettered)
 * @param redrive share of pipe messages dead-lettered at once and redriven after newer changes were applied
 * @param enrich share of the pipe's batches holding a record the enrichment fails on at every attempt,
 *     until the run's replay step reads it back from the stream
 */
public record FaultSpec(
    double os429,
    double os503,
    double timeout,
    double item429,
    double item503,
    double crash,
    double kill,
    double idem,
    double duplicate,
    double poison,
    double redrive,
    double enrich) {

  public static final FaultSpec NONE = new FaultSpec(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  static final List<String> NAMES =
      List.of("os429", "os503", "timeout", "item429", "item503", "crash", "kill", "idem", "duplicate", "poison", "redrive", "enrich");

  /** Parses {@code name=share,…}; an empty text means no fault. Errors name the bad token. */
  public static FaultSpec parse(String text) {
    Map<String, Double> shares = new LinkedHashMap<>();
    for (String token : text.split(",", -1)) {
      String trimmed = token.strip();
      if (trimmed.isEmpty()) {
        if (text.isBlank()) {
          continue;
        }
        throw new UserError("--faults: empty token in '" + text + "'; expected name=share separated by commas");
      }
      int equals = trimmed.indexOf('=');
      if (equals < 0) {
        throw new UserError("--faults: '" + trimmed + "' is not name=share (e.g. os429=0.1)");
      }
      String name = trimmed.substring(0, equals).strip();
      String value = trimmed.substring(equals + 1).strip();
      if (!NAMES.contains(name)) {
        throw new UserError("--faults: unknown fault '" + name + "' in '" + trimmed + "'; known: " + String.join(", ", NAMES));
      }
      double share;
      try {
        share = Double.parseDouble(value);
      } catch (NumberFormatException e) {
        throw new UserError("--faults: '" + trimmed + "': share '" + value + "' is not a number");
      }
      if (!(share >= 0 && share <= 1)) {
        throw new UserError("--faults: '" + trimmed + "': share must be between 0 and 1");
      }
      if (shares.put(name, share) != null) {
        throw new UserError("--faults: '" + name + "' is given twice");
      }
      if (name.equals("os429") || name.equals("os503") || name.equals("timeout")) {
        double requestFaults = shares.getOrDefault("os429", 0.0) + shares.getOrDefault("os503", 0.0) + shares.getOrDefault("timeout", 0.0);
        if (requestFaults > 1) {
          throw new UserError("--faults: os429 + os503 + timeout add up to " + requestFaults + ", more than 1");
        }
      }
    }
    if (shares.getOrDefault("item429", 0.0) + shares.getOrDefault("item503", 0.0) > 1) {
      throw new UserError("--faults: item429 + item503 add up to more than 1");
    }
    return new FaultSpec(
        shares.getOrDefault("os429", 0.0),
        shares.getOrDefault("os503", 0.0),
        shares.getOrDefault("timeout", 0.0),
        shares.getOrDefault("item429", 0.0),
        shares.getOrDefault("item503", 0.0),
        shares.getOrDefault("crash", 0.0),
        shares.getOrDefault("kill", 0.0),
        shares.getOrDefault("idem", 0.0),
        shares.getOrDefault("duplicate", 0.0),
        shares.getOrDefault("poison", 0.0),
        shares.getOrDefault("redrive", 0.0),
        shares.getOrDefault("enrich", 0.0));
  }

  /** Whether a fault acts inside the indexer's execution environments ({@link KillingIndexer}). */
  public boolean environmentFaults() {
    return kill > 0 || idem > 0;
  }

  /** Whether any OpenSearch fault is on, i.e. whether the proxy is needed. */
  public boolean openSearchFaults() {
    return os429 > 0 || os503 > 0 || timeout > 0 || item429 > 0 || item503 > 0;
  }
}
