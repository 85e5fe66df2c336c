package dev.herald.web;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a webhook request, in the {@value #HEADER} header, in Stripe's format:
 *
 * <pre>Herald-Signature: t=1767225600,v1=5257a869e7ec…8d8bd</pre>
 *
 * <p>{@code t} is the time of signing in Unix seconds; {@code v1} is the lowercase hex
 * HMAC-SHA256, keyed with the shared secret's UTF-8 bytes, of {@code t + "." + body} (the body's
 * bytes exactly as sent). Signing the timestamp with the body lets a receiver refuse an old request
 * played again ({@link WebhookVerifier}); a header may carry several {@code v1} entries while a
 * secret is being rotated. In binary mode the body is the event's data alone: its {@code ce-*}
 * headers are not covered, so a receiver that trusts the signature alone should ask for the
 * structured mode.
 */
public final class WebhookSignature {

  /** The header that carries the signature. */
  public static final String HEADER = "Herald-Signature";
  /** The version of the signature scheme, the {@code v1} of the header. */
  public static final String SCHEME = "v1";

  private static final String ALGORITHM = "HmacSHA256";

  private WebhookSignature() {}

  /** The header value for {@code body}, signed with {@code secret} at {@code unixSeconds}. */
  public static String sign(String secret, long unixSeconds, byte[] body) {
    return "t=" + unixSeconds + "," + SCHEME + "=" + hex(secret, unixSeconds, body);
  }

  /** The hex HMAC-SHA256 of {@code unixSeconds + "." + body}. */
  static String hex(String secret, long unixSeconds, byte[] body) {
    Mac mac = mac(secret);
    mac.update((unixSeconds + ".").getBytes(StandardCharsets.US_ASCII));
    return HexFormat.of().formatHex(mac.doFinal(body));
  }

  private static Mac mac(String secret) {
    Objects.requireNonNull(secret, "secret");
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
      return mac;
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("This JVM cannot compute " + ALGORITHM
          + ", which every Java SE platform must provide", e);
    }
  }

  static String requireSecret(String secret) {
    Objects.requireNonNull(secret, "secret");
    if (secret.length() < 16) {
      throw new IllegalArgumentException("a webhook secret must be at least 16 characters (it"
          + " keys an HMAC); generate one, e.g. 32 random bytes in hex");
    }
    return secret;
  }
}
