package io.ddbsync.indexsetup;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.message.ChangeMessages;
import java.io.IOException;

/**
 * The layout's moves, each one request, so each either happened or did not: create a generation, put
 * the index template, move an alias from one generation to the next ({@code POST _aliases} applies
 * all its actions atomically: OpenSearch "Alias" API), and replace the first layout's physical index
 * by the write alias.
 */
public final class Generations {

  private final OpenSearchCalls calls;
  private final IndexTemplate template;

  public Generations(OpenSearchCalls calls, IndexTemplate template) {
    this.calls = calls;
    this.template = template;
  }

  public IndexTemplate template() {
    return template;
  }

  /** {@code PUT _index_template/ddbsync-<index>}: the template for the index's future generations. */
  public void putTemplate(String index) throws IOException {
    calls.ok("PUT", "/_index_template/" + IndexTemplate.templateName(index), template.indexTemplateBody(index));
  }

  /**
   * Creates generation {@code number} (mappings and settings from the template put before), with both
   * aliases when {@code withAliases}: the index and its aliases then appear in one step. Returns false
   * when it already existed.
   */
  public boolean create(String index, int number, boolean withAliases) throws IOException {
    ObjectNode body = ChangeMessages.MAPPER.createObjectNode();
    if (withAliases) {
      ObjectNode aliases = body.putObject("aliases");
      aliases.putObject(IndexLayout.writeAlias(index)).put("is_write_index", true);
      aliases.set(IndexLayout.liveAlias(index), template.liveAlias());
    }
    OpenSearchCalls.Answer answer = calls.send("PUT", "/" + IndexLayout.generation(index, number), body);
    if (answer.ok()) {
      return true;
    }
    if ("resource_already_exists_exception".equals(answer.errorType())) {
      return false;
    }
    throw new OpenSearchCalls.CallFailedException("PUT /" + IndexLayout.generation(index, number), answer);
  }

  /** Points the write alias at generation {@code to} instead of {@code from}, atomically. */
  public void moveWriteAlias(String index, int from, int to) throws IOException {
    ArrayNode actions = ChangeMessages.MAPPER.createArrayNode();
    remove(actions, IndexLayout.generation(index, from), IndexLayout.writeAlias(index));
    addWrite(actions, index, to);
    aliases(actions);
  }

  /** Points {@code <index>-live} at generation {@code to} instead of {@code from}, atomically. */
  public void moveLiveAlias(String index, int from, int to) throws IOException {
    ArrayNode actions = ChangeMessages.MAPPER.createArrayNode();
    remove(actions, IndexLayout.generation(index, from), IndexLayout.liveAlias(index));
    addLive(actions, index, to);
    aliases(actions);
  }

  /** Puts both aliases on generation {@code number} (a generation left without them). */
  public void addAliases(String index, int number) throws IOException {
    ArrayNode actions = ChangeMessages.MAPPER.createArrayNode();
    addWrite(actions, index, number);
    addLive(actions, index, number);
    aliases(actions);
  }

  /**
   * In one step, deletes the first layout's physical index {@code <index>} (its copy is generation
   * {@code number}) and puts both aliases on that generation: the name {@code <index>} can only become
   * an alias once no index holds it ({@code remove_index} action).
   */
  public void replaceLegacyIndex(String index, int number) throws IOException {
    ArrayNode actions = ChangeMessages.MAPPER.createArrayNode();
    actions.addObject().putObject("remove_index").put("index", index);
    addWrite(actions, index, number);
    addLive(actions, index, number);
    aliases(actions);
  }

  private void aliases(ArrayNode actions) throws IOException {
    ObjectNode body = ChangeMessages.MAPPER.createObjectNode();
    body.set("actions", actions);
    calls.ok("POST", "/_aliases", body);
  }

  private static void remove(ArrayNode actions, String physical, String alias) {
    actions.addObject().putObject("remove").put("index", physical).put("alias", alias);
  }

  private static void addWrite(ArrayNode actions, String index, int number) {
    actions.addObject().putObject("add")
        .put("index", IndexLayout.generation(index, number))
        .put("alias", IndexLayout.writeAlias(index))
        .put("is_write_index", true);
  }

  private void addLive(ArrayNode actions, String index, int number) {
    ObjectNode add = actions.addObject().putObject("add");
    add.put("index", IndexLayout.generation(index, number)).put("alias", IndexLayout.liveAlias(index));
    add.setAll(template.liveAlias());
  }
}
