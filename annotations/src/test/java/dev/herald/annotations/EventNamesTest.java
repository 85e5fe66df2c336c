package dev.herald.annotations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventNamesTest {

  @ParameterizedTest
  @ValueSource(strings = {"a", "message:received", "billing.invoice.paid", "ws:client:authenticated",
      "a_b-c:0", "mixed:sep.arators"})
  void validNames(String name) {
    assertThat(EventNames.nameProblem(name)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "''|it is empty",
      ":a|starts or ends with a separator",
      "a.|starts or ends with a separator",
      "a::b|empty segment",
      "Task:created|upper-case letter 'T'; write 'task'",
      "task:*|wildcard, allowed in patterns only",
      "task created|the character ' ', outside [a-z0-9_-]"})
  void invalidNames(String name, String problem) {
    assertThat(EventNames.nameProblem(name)).hasValueSatisfying(p -> assertThat(p).contains(problem));
  }

  @ParameterizedTest
  @ValueSource(strings = {"#", "*", "task:*", "task.#", "#:failed", "ai:#:error", "a:*:*"})
  void validPatterns(String pattern) {
    assertThat(EventNames.patternProblem(pattern)).isEmpty();
  }

  @Test
  void wildcardsAreWholeSegments() {
    assertThat(EventNames.patternProblem("task:cre*")).hasValueSatisfying(
        p -> assertThat(p).contains("a wildcard is a whole segment"));
    assertThatThrownBy(() -> EventNames.requireValidPattern("task:**"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid event pattern \"task:**\"")
        .hasMessageContaining("for example \"task:*\"");
  }

  @ParameterizedTest
  @CsvSource({
      "task:*, task:created, true",
      "task:*, task:created:late, false",
      "task:*, task, false",
      "task.*, task:created, true",
      "#, anything:at:all, true",
      "#, a, true",
      "task:#, task, true",
      "task:#, task:a:b:c, true",
      "task:#, tasks:a, false",
      "#:failed, message:failed, true",
      "#:failed, message:failed:twice, false",
      "ai:#:error, ai:error, true",
      "ai:#:error, ai:skill:x:error, true",
      "*:*, a:b, true",
      "*:*, a, false",
      "message:received, message:received, true",
      "message:received, message:sent, false"})
  void matching(String pattern, String name, boolean matches) {
    assertThat(EventNames.matches(pattern, name)).isEqualTo(matches);
  }
}
