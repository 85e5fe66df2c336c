package dev.herald.runtime.spi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeadLetterScopeTest {

  @Test
  void aStoreScopedToNoneListsEveryGroupUntilItsTransportJoinsOne() {
    DeadLetterScope scope = new DeadLetterScope(null);
    assertThat(scope.group()).isNull();
    assertThat(scope.includes("billing")).isTrue();
    assertThat(scope.includes("")).isTrue();
    assertThat(scope.letterGroup()).isEmpty();

    scope.join("billing");

    assertThat(scope.group()).isEqualTo("billing");
    assertThat(scope.includes("billing")).isTrue();
    assertThat(scope.includes("audit")).isFalse();
    assertThat(scope.letterGroup()).isEqualTo("billing");
  }

  @Test
  void aConfiguredGroupStaysWhateverTheTransportJoins() {
    DeadLetterScope scope = new DeadLetterScope("billing");
    scope.join("gateway");
    assertThat(scope.group()).isEqualTo("billing");
    assertThat(scope).hasToString("group billing");
  }

  @Test
  void idsAreDistinctAndTellTheirKind() {
    String first = DeadLetterIds.next();
    String second = DeadLetterIds.next();
    assertThat(first).startsWith("dlq_").hasSize(24).isNotEqualTo(second);
  }
}
