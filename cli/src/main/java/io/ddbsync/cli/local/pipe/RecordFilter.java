package io.ddbsync.cli.local.pipe;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddbsync.cli.shared.error.UserError;
import java.util.List;
import software.amazon.event.ruler.Machine;

/**
 * The Pipes source filter: a record passes if any of the template's patterns matches it, and every
 * record passes when there is no pattern. Pipes evaluates patterns with the EventBridge grammar whose
 * open-source engine is Event Ruler; numeric matches never hit DynamoDB numbers, which are strings
 * ({@code {"N": "12.5"}}), exactly as in AWS.
 */
public final class RecordFilter {

  private final Machine machine;
  private final boolean passAll;

  private RecordFilter(Machine machine, boolean passAll) {
    this.machine = machine;
    this.passAll = passAll;
  }

  /** Compiles the patterns, failing with the offending pattern's position and Event Ruler's reason. */
  public static RecordFilter of(List<String> patterns) {
    Machine machine = new Machine();
    for (int i = 0; i < patterns.size(); i++) {
      String pattern = patterns.get(i);
      if (pattern.length() > 4096) {
        throw new UserError("filter pattern " + (i + 1) + " has " + pattern.length()
            + " characters; Pipes allows at most 4096");
      }
      try {
        machine.addRule("pattern-" + (i + 1), pattern);
      } catch (Exception e) {
        throw new UserError("filter pattern " + (i + 1) + " does not compile: " + e.getMessage()
            + " (pattern: " + pattern + ")", e);
      }
    }
    return new RecordFilter(machine, patterns.isEmpty());
  }

  public boolean passes(JsonNode record) {
    return passAll || !machine.rulesForJSONEvent(record).isEmpty();
  }
}
