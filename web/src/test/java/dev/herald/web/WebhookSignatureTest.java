package dev.herald.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The signature format and the receivers' verifier. */
class WebhookSignatureTest {

  private static final String SECRET = "whsec-0123456789abcdef";
  private static final byte[] BODY = "{\"id\":\"1\"}".getBytes(StandardCharsets.UTF_8);
  private static final long NOW = 1_767_225_600L;
  private static final WebhookVerifier VERIFIER = WebhookVerifier.of(SECRET)
      .clock(Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));

  @Test
  void signsTheTimestampAndBodyWithHmacSha256() {
    // Computed independently, with Python's hmac over b'1767225600.{"id":"1"}'.
    assertThat(WebhookSignature.sign(SECRET, NOW, BODY)).isEqualTo("t=1767225600,v1="
        + "0bc00faa756bd48546c3fafce4c087da5da429d38933490ed73c72092c34982d");
  }

  @Test
  void acceptsAGenuineRecentSignature() throws Exception {
    VERIFIER.verify(WebhookSignature.sign(SECRET, NOW - 299, BODY), BODY);
    VERIFIER.verify(WebhookSignature.sign(SECRET, NOW + 60, BODY), BODY);
    assertThat(VERIFIER.isValid(WebhookSignature.sign(SECRET, NOW, BODY), BODY)).isTrue();
  }

  @Test
  void refusesAnOldSignatureAsAReplay() {
    assertThatThrownBy(() -> VERIFIER.verify(WebhookSignature.sign(SECRET, NOW - 301, BODY), BODY))
        .isInstanceOf(InvalidSignatureException.class)
        .hasMessageContaining("301 s old, beyond the tolerance of 300 s");
    assertThatThrownBy(() -> VERIFIER.tolerance(Duration.ofSeconds(10))
        .verify(WebhookSignature.sign(SECRET, NOW + 11, BODY), BODY))
        .hasMessageContaining("11 s in the future");
  }

  @Test
  void refusesAnotherBodyOrSecret() {
    String header = WebhookSignature.sign(SECRET, NOW, BODY);
    assertThatThrownBy(() -> VERIFIER.verify(header, "{\"id\":\"2\"}".getBytes()))
        .hasMessageContaining("no v1 signature matches");
    assertThatThrownBy(() -> VERIFIER.verify(
        WebhookSignature.sign("another-secret-of-16", NOW, BODY), BODY))
        .hasMessageContaining("no v1 signature matches");
  }

  @Test
  void refusesAbsentOrMalformedHeaders() {
    assertThatThrownBy(() -> VERIFIER.verify(null, BODY)).hasMessage("no Herald-Signature header");
    assertThatThrownBy(() -> VERIFIER.verify("v1=abc", BODY)).hasMessageContaining("malformed");
    assertThatThrownBy(() -> VERIFIER.verify("t=x,v1=abc", BODY))
        .hasMessageContaining("expected t=<unix seconds>,v1=<hex>");
  }

  @Test
  void acceptsEitherSecretWhileOneIsRotated() throws Exception {
    String next = "whsec-fedcba9876543210";
    WebhookVerifier rotating = WebhookVerifier.of(SECRET, next)
        .clock(Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));
    rotating.verify(WebhookSignature.sign(next, NOW, BODY), BODY);
    rotating.verify(WebhookSignature.sign(SECRET, NOW, BODY), BODY);
    String both = WebhookSignature.sign(SECRET, NOW, BODY) + ",v1="
        + WebhookSignature.hex(next, NOW, BODY);
    VERIFIER.verify(both, BODY);
  }

  @Test
  void refusesShortSecrets() {
    assertThatThrownBy(() -> WebhookVerifier.of("short"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 16");
  }
}
