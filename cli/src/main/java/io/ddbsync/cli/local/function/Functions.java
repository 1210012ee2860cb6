package io.ddbsync.cli.local.function;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.ddbsync.cli.shared.error.UserError;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;

/**
 * Instantiates a function's handler the way the CLI runs it in-process: the class named by the
 * template's {@code Handler}, given its configuration built from the template's environment
 * variables through the configuration's {@code Map}-based factory. The process environment is never
 * touched, so two functions with different variables live in one JVM.
 */
public final class Functions {

  private Functions() {}

  /** The class part of a handler string such as {@code io.ddbsync.enrichment.EnrichmentHandler::handleRequest}. */
  public static String handlerClass(String handler) {
    int method = handler.indexOf("::");
    return method < 0 ? handler : handler.substring(0, method);
  }

  /** An SQS-event handler such as the indexer's. */
  @SuppressWarnings("unchecked")
  public static RequestHandler<SQSEvent, SQSBatchResponse> sqsHandler(String handler, Map<String, String> environment) {
    return instantiate(handler, environment, RequestHandler.class);
  }

  public static <T> T instantiate(String handler, Map<String, String> environment, Class<T> expected) {
    String className = handlerClass(handler);
    Class<?> type;
    try {
      type = Class.forName(className);
    } catch (ClassNotFoundException e) {
      throw new UserError("handler class " + className + " is not on the classpath (Handler: " + handler + ")");
    }
    if (!expected.isAssignableFrom(type)) {
      throw new UserError("handler " + className + " is not a " + expected.getSimpleName());
    }
    for (Constructor<?> constructor : type.getConstructors()) {
      if (constructor.getParameterCount() != 1) {
        continue;
      }
      Class<?> parameter = constructor.getParameterTypes()[0];
      Object config = parameter == Map.class ? environment : configFrom(parameter, environment);
      if (config != null) {
        return expected.cast(construct(constructor, config, className));
      }
    }
    throw new UserError("handler " + className + " has no public constructor taking its configuration"
        + " (a config type with a Map-based factory); the CLI cannot pass the template's variables");
  }

  /** The configuration built by a static {@code X from(Map)}-style factory or an {@code X(Map)} constructor. */
  private static Object configFrom(Class<?> configType, Map<String, String> environment) {
    try {
      for (Method method : configType.getMethods()) {
        if (Modifier.isStatic(method.getModifiers())
            && method.getParameterCount() == 1
            && method.getParameterTypes()[0] == Map.class
            && configType.isAssignableFrom(method.getReturnType())) {
          return method.invoke(null, environment);
        }
      }
      for (Constructor<?> constructor : configType.getConstructors()) {
        if (constructor.getParameterCount() == 1 && constructor.getParameterTypes()[0] == Map.class) {
          return constructor.newInstance(environment);
        }
      }
    } catch (InvocationTargetException e) {
      throw new UserError(configType.getSimpleName() + ": " + e.getCause().getMessage(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot build " + configType.getName(), e);
    }
    return null;
  }

  private static Object construct(Constructor<?> constructor, Object config, String className) {
    try {
      return constructor.newInstance(config);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      throw new UserError("handler " + className + " failed to start: " + cause.getMessage(), cause);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot instantiate " + className, e);
    }
  }
}
