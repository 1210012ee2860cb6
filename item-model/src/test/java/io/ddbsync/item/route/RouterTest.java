package io.ddbsync.item.route;

import static io.ddbsync.testsupport.Json.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddbsync.item.InvalidRecordException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RouterTest {

  private final Router router =
      new Router(Router.parseRoutes("entityType=Order=>orders;pk^CUSTOMER#=>customers"), Optional.of("items"));

  @Test
  void parsesExactAndPrefixRules() {
    assertThat(Router.parseRoutes(" entityType = Order => orders ; pk^CUSTOMER#=>customers;"))
        .containsExactly(
            new Route("entityType", Route.Match.EQUALS, "Order", "orders"),
            new Route("pk", Route.Match.PREFIX, "CUSTOMER#", "customers"));
    assertThat(Router.parseRoutes("a^x=y=>i")).containsExactly(new Route("a", Route.Match.PREFIX, "x=y", "i"));
    assertThat(Router.parseRoutes("")).isEmpty();
  }

  @Test
  void exactMatchRoutes() {
    assertThat(router.route(json("{'pk':{'S':'ORDER#1'},'entityType':{'S':'Order'}}"))).contains("orders");
    assertThat(router.route(json("{'pk':{'S':'ORDER#1'},'entityType':{'S':'OrderLine'}}"))).contains("items");
  }

  @Test
  void prefixMatchRoutes() {
    assertThat(router.route(json("{'pk':{'S':'CUSTOMER#9'}}"))).contains("customers");
  }

  @Test
  void firstMatchingRuleWins() {
    assertThat(router.route(json("{'pk':{'S':'CUSTOMER#9'},'entityType':{'S':'Order'}}"))).contains("orders");
  }

  @Test
  void numbersMatchByTextAndOtherTypesNever() {
    var byTier = new Router(Router.parseRoutes("tier=3=>gold"), Optional.empty());
    assertThat(byTier.route(json("{'tier':{'N':'3'}}"))).contains("gold");
    assertThat(byTier.route(json("{'tier':{'SS':['3']}}"))).isEmpty();
  }

  @Test
  void noMatchWithoutDefaultIndexIsEmpty() {
    assertThat(new Router(router.routes(), Optional.empty()).route(json("{'pk':{'S':'X'}}"))).isEmpty();
  }

  @Test
  void routingByKeysRefusesRulesOnOtherAttributes() {
    assertThatThrownBy(() -> router.routeByKeys(json("{'pk':{'S':'CUSTOMER#1'}}"), "a KEYS_ONLY record"))
        .isInstanceOf(InvalidRecordException.class)
        .hasMessageContaining("ROUTES tests attribute 'entityType' but a KEYS_ONLY record carries only the key");
    var byKey = new Router(Router.parseRoutes("pk^CUSTOMER#=>customers"), Optional.of("items"));
    assertThat(byKey.routeByKeys(json("{'pk':{'S':'CUSTOMER#1'}}"), "x")).contains("customers");
    assertThat(byKey.routeByKeys(json("{'pk':{'S':'ORDER#1'}}"), "x")).contains("items");
  }

  @Test
  void malformedRulesAreNamed() {
    for (String rule : List.of("entityType=Order", "=x=>i", "noOperator=>i", "a=b=>Orders", "a=b=>_x", "a=b=>")) {
      assertThatThrownBy(() -> Router.parseRoutes("ok=1=>fine;" + rule))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("rule '" + rule + "'");
    }
  }

  @Test
  void emptyDefaultIndexMeansNoneAndANameIsChecked() {
    assertThat(Router.parseDefaultIndex("")).isEmpty();
    assertThat(Router.parseDefaultIndex("items")).contains("items");
    assertThatThrownBy(() -> Router.parseDefaultIndex("Items"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("'Items' is not a valid OpenSearch index name");
  }
}
