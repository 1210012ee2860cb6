package io.ddbsync.opensearch.embedded;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.DefaultConfiguration;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;

/**
 * OpenSearch logs through Log4j 2. If the application has not configured Log4j (no log4j2 config
 * file found), install a minimal configuration: WARN and above, to stderr, so the node's chatter
 * never lands on stdout. An application that ships its own Log4j configuration is left alone.
 */
final class QuietLogging {

    private QuietLogging() {
    }

    static synchronized void ensureConfigured() {
        if (!(LogManager.getContext(false) instanceof LoggerContext ctx)) {
            return; // another Log4j API implementation: nothing we can do
        }
        if (!(ctx.getConfiguration() instanceof DefaultConfiguration)) {
            return; // configured by the application
        }
        ConfigurationBuilder<BuiltConfiguration> b = ConfigurationBuilderFactory.newConfigurationBuilder();
        b.setConfigurationName("embedded-opensearch-quiet");
        b.setStatusLevel(Level.ERROR);
        b.add(b.newAppender("stderr", "Console")
                .addAttribute("target", ConsoleAppender.Target.SYSTEM_ERR)
                .add(b.newLayout("PatternLayout")
                        .addAttribute("pattern", "%d{HH:mm:ss.SSS} %-5level [%c{1.}] %msg%n")));
        // warns on every start that a feature nobody here wants is off
        b.add(b.newLogger("org.opensearch.gateway.DanglingIndicesState", Level.ERROR));
        b.add(b.newRootLogger(Level.WARN).add(b.newAppenderRef("stderr")));
        Configurator.reconfigure(b.build());
    }
}
