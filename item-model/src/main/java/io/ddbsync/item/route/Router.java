package io.ddbsync.item.route;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddbsync.item.InvalidRecordException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Picks the index of an item: the first matching route, else the default index (if any). */
public final class Router {

  /** OpenSearch index names: lowercase, none of {@code \ / * ? " < > | , #} or space, not starting with - _ +. */
  private static final Pattern INDEX_NAME = Pattern.compile("[^-_+.A-Z\\\\/*?\"<>|,# :][^A-Z\\\\/*?\"<>|,# :]{0,254}");

  private final List<Route> routes;
  private final Optional<String> defaultIndex;

  public Router(List<Route> routes, Optional<String> defaultIndex) {
    this.routes = List.copyOf(routes);
    this.defaultIndex = defaultIndex;
  }

  public List<Route> routes() {
    return routes;
  }

  public Optional<String> defaultIndex() {
    return defaultIndex;
  }

  /** Every index an item can be routed to: each route's and the default, sorted, once each. */
  public List<String> indices() {
    TreeSet<String> indices = new TreeSet<>();
    routes.forEach(route -> indices.add(route.index()));
    defaultIndex.ifPresent(indices::add);
    return List.copyOf(indices);
  }

  /**
   * The index for an item's whole image, in DynamoDB JSON: the new image, or the old one for a REMOVE.
   */
  public Optional<String> route(JsonNode image) {
    for (Route route : routes) {
      if (route.matches(image)) {
        return Optional.of(route.index());
      }
    }
    return defaultIndex;
  }

  /**
   * The index for an item known only by its key attributes (a record without the image it would be
   * routed on). A route on another attribute cannot be decided; guessing would send the change to
   * another index than the item's document, so the record is refused.
   *
   * @throws InvalidRecordException when a route to try names an attribute the keys lack
   */
  public Optional<String> routeByKeys(JsonNode keys, String why) {
    for (Route route : routes) {
      if (!keys.has(route.attribute())) {
        throw new InvalidRecordException(
            "cannot route: ROUTES tests attribute '" + route.attribute() + "' but " + why
                + " carries only the key attributes; route on key attributes or use a"
                + " NEW_AND_OLD_IMAGES stream");
      }
      if (route.matches(keys)) {
        return Optional.of(route.index());
      }
    }
    return defaultIndex;
  }

  /**
   * Parses {@code ROUTES}: rules separated by {@code ;}, each {@code attr=value=>index} (exact) or
   * {@code attr^prefix=>index} (prefix). Blank rules are ignored, so a trailing {@code ;} is fine.
   *
   * @throws IllegalArgumentException naming the malformed rule
   */
  public static List<Route> parseRoutes(String text) {
    List<Route> routes = new ArrayList<>();
    for (String rule : text.split(";")) {
      if (rule.isBlank()) {
        continue;
      }
      int arrow = rule.lastIndexOf("=>");
      int equals = rule.indexOf('=');
      int caret = rule.indexOf('^');
      int operator = equals < 0 ? caret : caret < 0 ? equals : Math.min(equals, caret);
      if (arrow < 0 || operator <= 0 || operator >= arrow) {
        throw new IllegalArgumentException(
            "rule '" + rule.strip() + "' is not attr=value=>index or attr^prefix=>index");
      }
      String attribute = rule.substring(0, operator).strip();
      String value = rule.substring(operator + 1, arrow).strip();
      String index = rule.substring(arrow + 2).strip();
      if (attribute.isEmpty()) {
        throw new IllegalArgumentException("rule '" + rule.strip() + "' names no attribute");
      }
      try {
        checkIndexName(index);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("rule '" + rule.strip() + "': " + e.getMessage());
      }
      Route.Match match = rule.charAt(operator) == '^' ? Route.Match.PREFIX : Route.Match.EQUALS;
      routes.add(new Route(attribute, match, value, index));
    }
    return routes;
  }

  /**
   * Parses {@code DEFAULT_INDEX}: empty means no default index (items no route matches are refused).
   *
   * @throws IllegalArgumentException when the text is not a valid OpenSearch index name
   */
  public static Optional<String> parseDefaultIndex(String text) {
    if (text.isEmpty()) {
      return Optional.empty();
    }
    checkIndexName(text);
    return Optional.of(text);
  }

  /** @throws IllegalArgumentException when {@code index} is not a valid OpenSearch index name */
  public static void checkIndexName(String index) {
    if (!INDEX_NAME.matcher(index).matches()) {
      throw new IllegalArgumentException(
          "'" + index + "' is not a valid OpenSearch index name"
              + " (lowercase, no spaces or \\ / * ? \" < > | , # :, not starting with - _ + .)");
    }
  }
}
