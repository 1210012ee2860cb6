package io.ddbsync.template;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/** The repository the tests run in, and templates derived from its pipeline.yaml. */
final class Repo {

  private Repo() {}

  /** The nearest folder above the working directory that holds pipeline.yaml. */
  static Path root() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("pipeline.yaml"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no pipeline.yaml above " + Path.of("").toAbsolutePath());
  }

  static Path templatePath() {
    return root().resolve("pipeline.yaml");
  }

  static PipelineTemplate template() {
    return PipelineTemplate.load(templatePath());
  }

  /** A fresh parse of pipeline.yaml changed by {@code edit}: a broken fixture for one check. */
  static PipelineTemplate edited(Consumer<Map<String, Object>> edit) {
    PipelineTemplate template = template();
    edit.accept(template.root());
    return template;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> properties(Map<String, Object> root, String logicalId) {
    Map<String, Object> resources = (Map<String, Object>) root.get("Resources");
    return (Map<String, Object>) ((Map<String, Object>) resources.get(logicalId)).get("Properties");
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Map<String, Object> parent, String... path) {
    Map<String, Object> map = parent;
    for (String key : path) {
      map = (Map<String, Object>) map.get(key);
    }
    return map;
  }

  static String read(Path path) {
    try {
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
