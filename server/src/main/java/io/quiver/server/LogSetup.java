package io.quiver.server;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.util.StatusPrinter2;
import java.net.URL;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code logging.format} and {@code logging.level}: reloads Logback from
 * {@code logback.xml} (text) or {@code logback-json.xml} (JSON lines) with the root level set.
 * Reloading, rather than choosing a file before the first logger exists, works however early
 * something touched SLF4J. A file named by {@code -Dlogback.configurationFile} wins and is
 * left alone.
 */
final class LogSetup {
  private LogSetup() {}

  static void apply(String format, String level) {
    if (System.getProperty("logback.configurationFile") != null
        || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    String resource = "json".equals(format) ? "/logback-json.xml" : "/logback.xml";
    URL url = LogSetup.class.getResource(resource);
    if (url == null) {
      return;
    }
    System.setProperty("quiver.log.level", level.toUpperCase(Locale.ROOT));
    context.reset();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    try {
      configurator.doConfigure(url);
    } catch (JoranException e) {
      new StatusPrinter2().printInCaseOfErrorsOrWarnings(context);
    }
  }
}
