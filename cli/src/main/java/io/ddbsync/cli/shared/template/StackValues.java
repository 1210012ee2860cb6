package io.ddbsync.cli.shared.template;

import io.ddbsync.template.PipelineTemplate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The values CloudFormation would give a few intrinsic functions in a stack named {@code stack}
 * created with the parameters' defaults: literals, {@code Ref} to a parameter or to
 * {@code AWS::StackName}, {@code Fn::Sub} (text, or text and variables) and {@code Fn::If} on a
 * condition built from {@code Fn::Equals}, {@code Fn::Not}, {@code Fn::And}, {@code Fn::Or} and
 * {@code Condition}. Anything else is unknown (empty).
 */
record StackValues(PipelineTemplate template, String stack) {

  Optional<String> text(Object value) {
    if (value instanceof Map<?, ?> map && map.size() == 1) {
      if ("AWS::StackName".equals(map.get("Ref"))) {
        return Optional.of(stack);
      }
      if (map.get("Fn::Sub") instanceof String text) {
        return substitute(text, Map.of());
      }
      if (map.get("Fn::Sub") instanceof List<?> sub && sub.size() == 2 && sub.get(0) instanceof String text
          && sub.get(1) instanceof Map<?, ?> variables) {
        return substitute(text, variables);
      }
      if (map.get("Fn::If") instanceof List<?> branches && branches.size() == 3 && branches.get(0) instanceof String condition) {
        return condition(condition).flatMap(holds -> text(branches.get(holds ? 1 : 2)));
      }
    }
    return template.resolve(value);
  }

  private Optional<String> substitute(String text, Map<?, ?> variables) {
    StringBuilder out = new StringBuilder();
    int at = 0;
    while (true) {
      int open = text.indexOf("${", at);
      if (open < 0) {
        return Optional.of(out.append(text, at, text.length()).toString());
      }
      int close = text.indexOf('}', open);
      if (close < 0) {
        return Optional.empty();
      }
      String name = text.substring(open + 2, close);
      Optional<String> value = variables.containsKey(name) ? text(variables.get(name)) : text(Map.of("Ref", name));
      if (value.isEmpty()) {
        return Optional.empty();
      }
      out.append(text, at, open).append(value.get());
      at = close + 1;
    }
  }

  private Optional<Boolean> condition(String name) {
    Object conditions = template.root().get("Conditions");
    return conditions instanceof Map<?, ?> map && map.containsKey(name) ? holds(map.get(name)) : Optional.empty();
  }

  private Optional<Boolean> holds(Object expression) {
    if (!(expression instanceof Map<?, ?> map) || map.size() != 1) {
      return Optional.empty();
    }
    if (map.get("Condition") instanceof String name) {
      return condition(name);
    }
    if (map.get("Fn::Equals") instanceof List<?> pair && pair.size() == 2) {
      Optional<String> left = text(pair.get(0));
      Optional<String> right = text(pair.get(1));
      return left.isPresent() && right.isPresent() ? Optional.of(left.get().equals(right.get())) : Optional.empty();
    }
    if (map.get("Fn::Not") instanceof List<?> one && one.size() == 1) {
      return holds(one.get(0)).map(b -> !b);
    }
    boolean and = map.containsKey("Fn::And");
    if ((and || map.containsKey("Fn::Or")) && map.get(and ? "Fn::And" : "Fn::Or") instanceof List<?> all) {
      boolean result = and;
      for (Object each : all) {
        Optional<Boolean> value = holds(each);
        if (value.isEmpty()) {
          return Optional.empty();
        }
        result = and ? result && value.get() : result || value.get();
      }
      return Optional.of(result);
    }
    return Optional.empty();
  }
}
