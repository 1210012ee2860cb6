package io.ddbsync.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Copies of pipeline.yaml with one thing changed, for tests. */
public final class TemplateFiles {

  private static final Pattern FIRST_FILTER = Pattern.compile("(?m)^(\\s*)- Pattern: '[^']*'\\s*$");

  private TemplateFiles() {}

  /** pipeline.yaml with its (first, uncommented) filter pattern replaced by {@code pattern}. */
  public static Path withFilterPattern(Path dir, String pattern) throws IOException {
    String template = Files.readString(Cli.template());
    Matcher matcher = FIRST_FILTER.matcher(template);
    if (!matcher.find()) {
      throw new IllegalStateException("pipeline.yaml has no uncommented '- Pattern:' line to replace");
    }
    String changed = template.substring(0, matcher.start())
        + matcher.group(1) + "- Pattern: '" + pattern + "'"
        + template.substring(matcher.end());
    Path file = Files.createTempFile(dir, "pipeline-", ".yaml");
    Files.writeString(file, changed);
    return file;
  }
}
