package dev.herald.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExcerptTest {

  @Test
  void shortTextIsQuotedWhole() {
    assertThat(Excerpt.quote("order:placed")).isEqualTo("\"order:placed\"");
  }

  @Test
  void longTextIsCutAtTheLimitAndSaysItsLength() {
    String quoted = Excerpt.quote("x".repeat(8000));
    assertThat(quoted).isEqualTo("\"" + "x".repeat(100) + "…\" (8000 chars)");
  }

  @Test
  void controlCharactersQuotesAndLoneSurrogatesAreEscaped() {
    assertThat(Excerpt.quote("a\"b\\c\nd\u0000e\ud800f\ud83d\ude00"))
        .isEqualTo("\"a\\\"b\\\\c\\nd\\u0000e\\uD800f\ud83d\ude00\"");
  }

  @Test
  void aPairIsNotSplitAtTheCut() {
    String text = "x".repeat(99) + "\ud83d\ude00" + "y";
    assertThat(Excerpt.quote(text)).isEqualTo("\"" + "x".repeat(99) + "…\" (102 chars)");
  }
}
