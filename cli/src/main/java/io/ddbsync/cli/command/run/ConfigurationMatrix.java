package io.ddbsync.cli.command.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.cli.Ddbsync;
import io.ddbsync.cli.shared.error.UserError;
import io.ddbsync.enrichment.Enrichment;
import io.ddbsync.enrichment.EnrichmentConfig;
import io.ddbsync.item.stream.TtlExpiry;
import io.ddbsync.item.stream.ViewType;
import io.ddbsync.message.ChangeMessages;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import picocli.CommandLine;

/**
 * The convergence check for every configuration the pipeline documents: stream view type (KEYS_ONLY,
 * NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES) x {@code TTL_EXPIRY} (delete, keep) x routing with and
 * without {@code DEFAULT_INDEX}. Each cell is one {@code ddbsync run --workload} on the same engines,
 * with its own queues, tables and indices, a workload of that view type with routing moves and
 * oversize items, and the same faults.
 *
 * <p>Routes: {@code entityType=Order=>orders;pk^CUSTOMER#=>customers}, so a move of an order to
 * {@code Quote} leaves its route (for the default index, or for no index at all). KEYS_ONLY and
 * NEW_IMAGE can be routed only by a rule on a key attribute (the enrichment refuses other routes at
 * start for NEW_IMAGE): their cells route {@code pk^ORDER#} instead, and cannot see moves. {@code MAX_MESSAGE_BYTES} is the
 * smallest allowed, so the oversize items (a few KB) take the fetch path. Fetches read the local source
 * table, which holds the workload's final state; a poisoned final state would be read back by every
 * earlier fetch of its item, so cells whose changes are fetches (KEYS_ONLY, OLD_IMAGE) run without
 * {@code poison}.
 */
final class ConfigurationMatrix {

  /** One configuration. */
  record Cell(ViewType viewType, TtlExpiry ttlExpiry, boolean defaultIndex) {

    /** {@code VIEW/ttl/default} or {@code VIEW/ttl/no-default}, as {@code --cells} takes it. */
    String name() {
      return viewType + "/" + ttlExpiry.name().toLowerCase(Locale.ROOT) + "/" + (defaultIndex ? "default" : "no-default");
    }

    /**
     * KEYS_ONLY records carry no attribute to route on, and with NEW_IMAGE no old image can tombstone
     * the index an item leaves, so the enrichment refuses routes on other attributes at start.
     */
    boolean routesOnKeys() {
      return viewType == ViewType.KEYS_ONLY || viewType == ViewType.NEW_IMAGE;
    }

    boolean fetchesEveryChange() {
      return viewType == ViewType.KEYS_ONLY || viewType == ViewType.OLD_IMAGE;
    }

    static Cell parse(String text) {
      String[] parts = text.strip().split("/");
      try {
        if (parts.length == 3 && (parts[2].equals("default") || parts[2].equals("no-default"))) {
          return new Cell(ViewType.valueOf(parts[0].toUpperCase(Locale.ROOT)),
              TtlExpiry.valueOf(parts[1].toUpperCase(Locale.ROOT)), parts[2].equals("default"));
        }
      } catch (IllegalArgumentException e) {
        // reported below, with the expected form
      }
      throw new UserError("--cells: '" + text + "' is not VIEW/TTL/ROUTING, e.g. NEW_IMAGE/keep/no-default"
          + " (VIEW: " + Arrays.toString(ViewType.values()) + ", TTL: delete or keep, ROUTING: default or no-default)");
    }

    static List<Cell> all() {
      List<Cell> cells = new ArrayList<>();
      for (ViewType view : ViewType.values()) {
        for (TtlExpiry ttl : TtlExpiry.values()) {
          for (boolean defaultIndex : new boolean[] {true, false}) {
            cells.add(new Cell(view, ttl, defaultIndex));
          }
        }
      }
      return cells;
    }
  }

  /** The oversize items' text: above the message budget at the smallest {@code MAX_MESSAGE_BYTES}. */
  static final int OVERSIZE_BYTES = EnrichmentConfig.MIN_MESSAGE_BYTES - Enrichment.MESSAGE_HEADROOM_BYTES + 4096;

  private final List<String> runOptions;
  private final String faults;
  private final String stack;
  private final Path workDir;
  private final Consumer<String> status;

  /**
   * @param runOptions the options every cell's run shares (workload size, seed, shares, engines, timeouts)
   * @param faults the {@code --faults} text, empty for none
   */
  ConfigurationMatrix(List<String> runOptions, String faults, String stack, Path workDir, Consumer<String> status) {
    this.runOptions = List.copyOf(runOptions);
    this.faults = faults;
    this.stack = stack;
    this.workDir = workDir;
    this.status = status;
  }

  /**
   * Runs the cells one after the other; each result is the cell's run summary plus its name, handed
   * to {@code done} as soon as the cell ends (a long matrix shows its cells as they come).
   */
  List<ObjectNode> run(List<Cell> cells, Consumer<ObjectNode> done) {
    List<ObjectNode> results = new ArrayList<>();
    for (int i = 0; i < cells.size(); i++) {
      Cell cell = cells.get(i);
      status.accept("matrix cell " + (i + 1) + " of " + cells.size() + ": " + cell.name());
      ObjectNode result = run(cell, stack + "-m" + (i + 1));
      results.add(result);
      done.accept(result);
    }
    return results;
  }

  private ObjectNode run(Cell cell, String cellStack) {
    String prefix = cellStack.toLowerCase(Locale.ROOT);
    ObjectNode parameters = ChangeMessages.MAPPER.createObjectNode()
        .put("KEY_ATTRIBUTES", "pk,sk")
        .put("STREAM_VIEW_TYPE", cell.viewType().name())
        .put("ROUTES", (cell.routesOnKeys() ? "pk^ORDER#=>" : "entityType=Order=>") + prefix
            + "-orders;pk^CUSTOMER#=>" + prefix + "-customers")
        .put("DEFAULT_INDEX", cell.defaultIndex() ? prefix + "-items" : "")
        .put("TTL_EXPIRY", cell.ttlExpiry().name().toLowerCase(Locale.ROOT))
        .put("IGNORED_ATTRIBUTES", "updatedAt")
        .put("MAX_MESSAGE_BYTES", Integer.toString(EnrichmentConfig.MIN_MESSAGE_BYTES));
    ObjectNode envVars = ChangeMessages.MAPPER.createObjectNode();
    envVars.set("Parameters", parameters);
    Path envFile = workDir.resolve(prefix + "-env.json");
    try {
      Files.createDirectories(workDir);
      Files.writeString(envFile, envVars.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + envFile, e);
    }
    String cellFaults = cell.fetchesEveryChange() ? withoutPoison(faults) : faults;
    List<String> args = new ArrayList<>(List.of("run", "--json", "--stack", cellStack, "--env-vars", envFile.toString(),
        "--view-type", cell.viewType().name(), "--log-dir", workDir.resolve(prefix).toString()));
    args.addAll(runOptions);
    if (!cellFaults.isEmpty()) {
      args.addAll(List.of("--faults", cellFaults));
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Ddbsync.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args.toArray(String[]::new));
    ObjectNode result = ChangeMessages.MAPPER.createObjectNode().put("cell", cell.name()).put("exitCode", exit)
        .put("faultSpec", cellFaults);
    List<String> lines = out.toString().lines().toList();
    try {
      JsonNode summary = lines.isEmpty() ? null : ChangeMessages.MAPPER.readTree(lines.get(lines.size() - 1));
      if (summary != null && summary.isObject()) {
        result.setAll((ObjectNode) summary);
      } else {
        result.put("error", err.toString().strip());
      }
    } catch (IOException e) {
      result.put("error", err.toString().strip());
    }
    return result;
  }

  /** The fault text without its {@code poison} token. */
  static String withoutPoison(String faults) {
    return String.join(",", Arrays.stream(faults.split(","))
        .filter(token -> !token.strip().startsWith("poison=") && !token.isBlank()).toList());
  }

  static boolean converged(JsonNode cell) {
    return cell.path("exitCode").asInt(-1) == 0 && cell.path("missing").asLong(-1) == 0
        && cell.path("stale").asLong(-1) == 0 && cell.path("resurrected").asLong(-1) == 0
        && cell.path("poisonUnaccounted").asLong(-1) == 0;
  }

  static void printHeader(PrintWriter out) {
    out.printf("%-34s %9s %8s %7s %6s %12s %8s %9s  %s%n", "cell", "converged", "expected", "missing", "stale",
        "resurrected", "dead", "seconds", "first divergences");
    out.flush();
  }

  /** One line per cell. */
  static void print(ObjectNode cell, PrintWriter out) {
    out.printf("%-34s %9s %8d %7d %6d %12d %8d %9.1f  %s%n", cell.path("cell").asText(),
        converged(cell) ? "yes" : "NO", cell.path("expectedLive").asLong(), cell.path("missing").asLong(),
        cell.path("stale").asLong(), cell.path("resurrected").asLong(), cell.path("deadLettered").asLong(),
        cell.path("elapsedMs").asLong() / 1000.0,
        cell.has("error") ? cell.path("error").asText() : cell.path("divergence").toString());
    out.flush();
  }

  static ObjectNode json(List<ObjectNode> cells) {
    ObjectNode line = ChangeMessages.MAPPER.createObjectNode();
    line.put("cells", cells.size());
    line.put("converged", cells.stream().filter(ConfigurationMatrix::converged).count());
    ArrayNode results = line.putArray("results");
    cells.forEach(results::add);
    return line;
  }
}
