package io.ddbsync.cli.shared.template;

import io.ddbsync.cli.shared.error.UserError;
import io.ddbsync.enrichment.ConfigurationException;
import io.ddbsync.enrichment.EnrichmentConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The enrichment configuration items are converted with: the enrichment function's environment in
 * the template (parameter defaults resolved), then {@code --config NAME=VALUE} overrides, e.g. the
 * values a deployed stack was given.
 */
public final class EnrichmentSettings {

  private EnrichmentSettings() {}

  public static EnrichmentConfig load(Optional<Path> template, Map<String, String> overrides) {
    Map<String, String> environment = new LinkedHashMap<>();
    template.ifPresent(file ->
        environment.putAll(TemplateSettings.template(file).enrichmentFunction().environmentDefaults()));
    environment.putAll(overrides);
    try {
      return EnrichmentConfig.fromEnv(environment);
    } catch (ConfigurationException e) {
      throw new UserError("enrichment configuration: " + e.getMessage(), e);
    }
  }
}
