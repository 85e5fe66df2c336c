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
      "é", "日本語", "😀 emoji", "\uD83D\uDE00\uD83D\uDE01", "a\u2028b", "</script>"};

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

  float aFloat() {
    return chance(20) ? pick(Float.MIN_VALUE, Float.MAX_VALUE, -0.0f, 0f, 1e-30f)
        : Float.intBitsToFloat(finiteFloatBits());
  }

  double aDouble() {
    return chance(20) ? pick(Double.MIN_VALUE, Double.MAX_VALUE, -0.0, 0.0, 1e-300)
        : (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(-300, 300));
  }

  private int finiteFloatBits() {
    while (true) {
      int bits = random.nextInt();
      if (Float.isFinite(Float.intBitsToFloat(bits))) {
        return bits;
      }
    }
  }

  char aChar() {
    return chance(30) ? pick('\u0000', '"', '\\', '\uFFFF', 'é', '\n') : (char) random.nextInt(0xD800);
  }

  String string() {
    if (chance(25)) {
      return EDGE_STRINGS[random.nextInt(EDGE_STRINGS.length)];
    }
    StringBuilder text = new StringBuilder();
    int length = random.nextInt(0, 30);
    for (int i = 0; i < length; i++) {
      int kind = random.nextInt(10);
      if (kind == 0) {
        text.appendCodePoint(random.nextInt(0x10000, 0x10FFFF + 1)); // beyond the BMP
      } else if (kind == 1) {
        text.append((char) random.nextInt(0, 0x20)); // control characters
      } else {
        char c = (char) random.nextInt(0x20, 0xD800);
        text.append(c);
      }
    }
    return text.toString();
  }

  BigDecimal decimal() {
    return chance(20)
        ? new BigDecimal(new BigInteger(400, new java.util.Random(random.nextLong())), -150)
        : BigDecimal.valueOf(random.nextLong(), random.nextInt(-20, 20));
  }

  BigInteger integer() {
    return chance(20)
        ? new BigInteger(500, new java.util.Random(random.nextLong())).negate()
        : BigInteger.valueOf(random.nextLong());
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

  <V> Map<String, V> map(int maxSize, Supplier<V> value) {
    Map<String, V> map = new LinkedHashMap<>();
    int size = random.nextInt(0, maxSize + 1);
    for (int i = 0; i < size; i++) {
      map.put(string(), value.get());
    }
    return map;
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
