package io.ddbsync.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddbsync.message.ChangeMessages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's {@code samples/} files, found from any module's working directory. */
public final class Samples {

  private Samples() {}

  /** The {@code samples} folder: the nearest one in the working directory or above it. */
  public static Path dir() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path samples = dir.resolve("samples");
      if (Files.isDirectory(samples) && Files.exists(dir.resolve("pipeline.yaml"))) {
        return samples;
      }
    }
    throw new IllegalStateException("no samples/ folder beside a pipeline.yaml above " + Path.of("").toAbsolutePath());
  }

  /** {@code samples/<relative>}, e.g. {@code path("indexer")}. */
  public static Path path(String relative) {
    return dir().resolve(relative);
  }

  /** The JSON file {@code samples/<relative>}. */
  public static JsonNode json(String relative) {
    Path file = path(relative);
    try {
      return ChangeMessages.MAPPER.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
