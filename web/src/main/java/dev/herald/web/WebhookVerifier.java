package dev.herald.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Checks a webhook request's {@link WebhookSignature}, for receivers: the signature must be one of
 * the shared secrets' HMAC of {@code t + "." + body}, and {@code t} must lie within the tolerance
 * of the receiver's clock, so that a request captured and played again later is refused.
 *
 * <pre>{@code
 * WebhookVerifier verifier = WebhookVerifier.of(secret);          // tolerance 5 minutes
 * verifier.verify(request.header("Herald-Signature"), body);      // throws if not genuine
 * }</pre>
 *
 * <p>Comparisons take constant time. Immutable and thread-safe. Within the tolerance, a request
 * played again verifies: deduplicate by the event's {@code id} as well (the ingest endpoint does).
 */
public final class WebhookVerifier {

  /** The default tolerance, Stripe's. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

  private final List<String> secrets;
  private final Duration tolerance;
  private final Clock clock;

  private WebhookVerifier(List<String> secrets, Duration tolerance, Clock clock) {
    this.secrets = secrets;
    this.tolerance = tolerance;
    this.clock = clock;
  }

  /**
   * A verifier that accepts a signature by any of {@code secrets} (two while one is rotated),
   * with the {@linkplain #DEFAULT_TOLERANCE default tolerance}.
   */
  public static WebhookVerifier of(String... secrets) {
    if (secrets.length == 0) {
      throw new IllegalArgumentException("a WebhookVerifier needs at least one secret");
    }
    List<String> list = new ArrayList<>();
    for (String secret : secrets) {
      list.add(WebhookSignature.requireSecret(secret));
    }
    return new WebhookVerifier(List.copyOf(list), DEFAULT_TOLERANCE, Clock.systemUTC());
  }

  /** The same verifier, accepting timestamps at most {@code tolerance} from now (either way). */
  public WebhookVerifier tolerance(Duration tolerance) {
    Objects.requireNonNull(tolerance, "tolerance");
    if (tolerance.isNegative() || tolerance.isZero()) {
      throw new IllegalArgumentException("tolerance must be positive, got " + tolerance);
    }
    return new WebhookVerifier(secrets, tolerance, clock);
  }

  /** The same verifier, reading the time from {@code clock} (for tests). */
  public WebhookVerifier clock(Clock clock) {
    return new WebhookVerifier(secrets, tolerance, Objects.requireNonNull(clock, "clock"));
  }

  /** The tolerance. */
  public Duration tolerance() {
    return tolerance;
  }

  /**
   * Returns normally if {@code header} is a genuine, recent signature of {@code body}.
   *
   * @param header the {@value WebhookSignature#HEADER} header's value, null if absent
   * @param body the request body exactly as received
   * @throws InvalidSignatureException saying what is wrong: absent, malformed, too old (or from
   *     the future), or signed with another secret or over another body
   */
  public void verify(String header, byte[] body) throws InvalidSignatureException {
    Objects.requireNonNull(body, "body");
    if (header == null || header.isBlank()) {
      throw new InvalidSignatureException("no " + WebhookSignature.HEADER + " header");
    }
    long timestamp = -1;
    List<String> signatures = new ArrayList<>(2);
    for (String part : header.split(",")) {
      int equals = part.indexOf('=');
      if (equals <= 0) {
        throw malformed(header);
      }
      String name = part.substring(0, equals).trim();
      String value = part.substring(equals + 1).trim();
      if (name.equals("t")) {
        try {
          timestamp = Long.parseLong(value);
        } catch (NumberFormatException e) {
          throw malformed(header);
        }
      } else if (name.equals(WebhookSignature.SCHEME)) {
        signatures.add(value);
      }
    }
    if (timestamp < 0 || signatures.isEmpty()) {
      throw malformed(header);
    }
    long age = clock.instant().getEpochSecond() - timestamp;
    if (Math.abs(age) > tolerance.toSeconds()) {
      throw new InvalidSignatureException("the signature's timestamp " + timestamp + " is "
          + (age > 0 ? age + " s old" : -age + " s in the future") + ", beyond the tolerance of "
          + tolerance.toSeconds() + " s: a replayed request, or clocks out of step");
    }
    for (String secret : secrets) {
      byte[] expected = WebhookSignature.hex(secret, timestamp, body)
          .getBytes(StandardCharsets.US_ASCII);
      for (String signature : signatures) {
        if (MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII))) {
          return;
        }
      }
    }
    throw new InvalidSignatureException("no " + WebhookSignature.SCHEME + " signature matches"
        + " the body with the shared secret: another secret, or the body was changed");
  }

  /** Whether {@link #verify} would return normally. */
  public boolean isValid(String header, byte[] body) {
    try {
      verify(header, body);
      return true;
    } catch (InvalidSignatureException e) {
      return false;
    }
  }

  private static InvalidSignatureException malformed(String header) {
    String shown = header.length() > 200 ? header.substring(0, 200) + "…" : header;
    return new InvalidSignatureException(WebhookSignature.HEADER + " \"" + shown
        + "\" is malformed; expected t=<unix seconds>," + WebhookSignature.SCHEME + "=<hex>");
  }
}
