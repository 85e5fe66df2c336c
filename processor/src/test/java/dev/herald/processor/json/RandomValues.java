package dev.herald.processor.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Random values for property tests, seeded so that a failure can be replayed: every test prints its
 * seed in the failure message, and {@code -Dherald.seed=<seed>} runs it again with the same values.
 * Edge cases (extremes, empty, unicode beyond the BMP, control characters) come up deliberately
 * often.
 */
final class RandomValues {

  private static final String[] EDGE_STRINGS = {"", " ", "\"", "\\", "\u0000", "\n\t\r",
      "é", "日本語", "😀 emoji", "\uD83D\uDE00\uD83D\uDE01", "a\u2028b", "</script>",
      "\uD83D", "x\uDE00y", "\uDE00\uD83D", "\uFEFF\uFFFD\uFFFF", "\u007F\u0080\u009F"};

  final long seed;
  private final SplittableRandom random;

  private RandomValues(long seed) {
    this.seed = seed;
    this.random = new SplittableRandom(seed);
  }

  /** The seed from {@code -Dherald.seed}, else a fresh one. */
  static RandomValues create() {
    String fixed = System.getProperty("herald.seed");
    return new RandomValues(fixed != null ? Long.parseLong(fixed) : new SplittableRandom().nextLong());
  }

  boolean chance(int percent) {
    return random.nextInt(100) < percent;
  }

  int between(int min, int max) {
    return random.nextInt(min, max + 1);
  }

  boolean bool() {
    return random.nextBoolean();
  }

  byte aByte() {
    return (byte) (chance(20) ? pick(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0) : random.nextInt());
  }

  short aShort() {
    return (short) (chance(20) ? pick(Short.MIN_VALUE, Short.MAX_VALUE, (short) 0) : random.nextInt());
  }

  int anInt() {
    return chance(20) ? pick(Integer.MIN_VALUE, Integer.MAX_VALUE, 0, -1) : random.nextInt();
  }

  long aLong() {
    return chance(20) ? pick(Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L) : random.nextLong();
  }

  /** Any float, NaN and the infinities included: the codec writes those as strings. */
  float aFloat() {
    if (chance(20)) {
      return pick(Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE,
          Float.MIN_NORMAL, -0.0f, 0f, 1e-30f, Float.NaN, Float.POSITIVE_INFINITY,
          Float.NEGATIVE_INFINITY);
    }
    return chance(50) ? Float.intBitsToFloat(random.nextInt())
        : (float) ((random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(-40, 39)));
  }

  /** Any double, NaN and the infinities included: the codec writes those as strings. */
  double aDouble() {
    if (chance(20)) {
      return pick(Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE,
          Double.MIN_NORMAL, -0.0, 0.0, 1e-300, Double.NaN, Double.POSITIVE_INFINITY,
          Double.NEGATIVE_INFINITY);
    }
    return chance(50) ? Double.longBitsToDouble(random.nextLong())
        : (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(-300, 300));
  }

  /** Any UTF-16 unit, lone surrogates included (a char is written as a one-character string). */
  char aChar() {
    return chance(30)
        ? pick('\u0000', '"', '\\', '\n', 'é', '\uD83D', '\uDE00', '\uFEFF', '\uFFFF')
        : (char) random.nextInt(0x10000);
  }

  String string() {
    if (chance(25)) {
      return EDGE_STRINGS[random.nextInt(EDGE_STRINGS.length)];
    }
    StringBuilder text = new StringBuilder();
    int length = random.nextInt(0, 30);
    for (int i = 0; i < length; i++) {
      int kind = random.nextInt(20);
      if (kind < 2) {
        text.appendCodePoint(random.nextInt(0x10000, 0x10FFFF + 1)); // beyond the BMP
      } else if (kind < 4) {
        text.append((char) random.nextInt(0, 0x20)); // control characters
      } else if (kind == 4) {
        text.append((char) random.nextInt(0xD800, 0xE000)); // a lone surrogate
      } else if (kind < 10) {
        text.append((char) random.nextInt(0x20, 0x80)); // ASCII
      } else {
        char c = (char) random.nextInt(0x80, 0x10000);
        text.append(Character.isSurrogate(c) ? 'x' : c); // the rest of the BMP
      }
    }
    return text.toString();
  }

  /** Up to about 300 digits with a scale of either sign; Jackson reads at most 1000 digits. */
  BigDecimal decimal() {
    if (chance(10)) {
      return pick(BigDecimal.ZERO, new BigDecimal("-0.00000"), new BigDecimal("1E+999"),
          new BigDecimal("1E-999"));
    }
    return chance(20)
        ? new BigDecimal(hugeInteger(), random.nextInt(-300, 301))
        : BigDecimal.valueOf(random.nextLong(), random.nextInt(-20, 20));
  }

  BigInteger integer() {
    return chance(20) ? hugeInteger() : BigInteger.valueOf(random.nextLong());
  }

  private BigInteger hugeInteger() {
    byte[] magnitude = new byte[random.nextInt(9, 125)]; // up to 1000 bits, about 300 digits
    random.nextBytes(magnitude);
    BigInteger value = new BigInteger(1, magnitude);
    return random.nextBoolean() ? value : value.negate();
  }

  Instant instant() {
    if (chance(15)) {
      return pick(Instant.MIN, Instant.MAX, Instant.EPOCH);
    }
    return Instant.ofEpochSecond(
        random.nextLong(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond()),
        random.nextInt(0, 1_000_000_000));
  }

  <T> List<T> list(int maxSize, Supplier<T> element) {
    int size = chance(15) ? 0 : random.nextInt(0, maxSize + 1);
    List<T> list = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      list.add(element.get());
    }
    return list;
  }

  /**
   * A map with {@link #key()} keys. Keys never hold a lone surrogate: Jackson writes one as a
   * six-character escape and reads that back in a string value, but refuses it in a field name
   * ("Broken surrogate pair in field name"), so the encoder refuses such a key (see
   * {@code JsonPropertiesTest.mapKeysWithLoneSurrogatesAreRefusedAndOthersRoundTrip}).
   */
  <V> Map<String, V> map(int maxSize, Supplier<V> value) {
    Map<String, V> map = new LinkedHashMap<>();
    int size = random.nextInt(0, maxSize + 1);
    for (int i = 0; i < size; i++) {
      map.put(key(), value.get());
    }
    return map;
  }

  /** A {@link #string()} with each lone surrogate replaced by U+FFFD; pairs are kept. */
  String key() {
    String text = string();
    StringBuilder key = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        key.append(c).append(text.charAt(++i));
      } else {
        key.append(Character.isSurrogate(c) ? '\uFFFD' : c);
      }
    }
    return key.toString();
  }

  <T> Optional<T> optional(Supplier<T> value) {
    return chance(30) ? Optional.empty() : Optional.of(value.get());
  }

  <T> T orNull(int nullPercent, Supplier<T> value) {
    return chance(nullPercent) ? null : value.get();
  }

  @SafeVarargs
  final <T> T pick(T... choices) {
    return choices[random.nextInt(choices.length)];
  }

  byte[] bytes(int maxLength) {
    byte[] bytes = new byte[random.nextInt(0, maxLength + 1)];
    random.nextBytes(bytes);
    return bytes;
  }

  /** Text made of JSON's own characters, so that parsers get far before they fail. */
  String jsonish(int maxLength) {
    String alphabet = pick("{}[]:,\"\\0123456789.eE+-tfnrulasx ", "{}[]\"");
    StringBuilder text = new StringBuilder();
    int length = random.nextInt(0, maxLength + 1);
    for (int i = 0; i < length; i++) {
      text.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return chance(20) ? string() : text.toString();
  }
}
