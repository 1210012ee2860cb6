package io.ddbsync.cli.shared.template;

import io.ddbsync.cli.shared.error.UserError;
import io.ddbsync.function.config.ConfigurationException;
import io.ddbsync.enrichment.EnrichmentConfig;
import io.ddbsync.item.route.Router;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The enrichment configuration the CLI converts items with, built in one place from the enrichment
 * function's environment: the local run's (template defaults and {@code --env-vars}), or the
 * template's defaults with {@code --config NAME=VALUE} overrides, e.g. the values a deployed stack was
 * given.
 */
public final class EnrichmentSettings {

  private EnrichmentSettings() {}

  /** The configuration of the enrichment function in {@code settings}. */
  public static EnrichmentConfig of(PipelineSettings settings) {
    return parse(settings.enrichment().environment());
  }

  /** The template's enrichment environment, if a template is given, then {@code overrides}. */
  public static EnrichmentConfig load(Optional<Path> template, Map<String, String> overrides) {
    Map<String, String> environment = new LinkedHashMap<>();
    template.ifPresent(file ->
        environment.putAll(TemplateSettings.template(file).enrichmentFunction().environmentDefaults()));
    environment.putAll(overrides);
    return parse(environment);
  }

  /** The indices the enrichment can route to: every route's and the default, sorted. */
  public static List<String> routedIndices(EnrichmentConfig config) {
    return new Router(config.routes(), config.defaultIndex()).indices();
  }

  private static EnrichmentConfig parse(Map<String, String> environment) {
    try {
      return EnrichmentConfig.fromEnv(environment);
    } catch (ConfigurationException e) {
      throw new UserError("enrichment configuration: " + e.getMessage(), e);
    }
  }
}
