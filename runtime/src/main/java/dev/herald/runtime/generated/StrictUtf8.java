package dev.herald.runtime.generated;

import dev.herald.runtime.EventDecodingException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Checks that a document is well-formed UTF-8 before Jackson reads it: Jackson's UTF-8 parser
 * decodes some ill-formed sequences instead of refusing them (overlong forms such as {@code C0 AF}
 * for {@code /}, four-byte forms above U+10FFFF), and guesses UTF-16 or UTF-32 from zero bytes at
 * the start. This pass accepts exactly the well-formed sequences of Unicode's table 3-7 and refuses
 * a zero byte among the first four (JSON never has one there), naming the byte offset.
 *
 * <p>An all-ASCII document (the common case) is recognised eight bytes at a time without a branch
 * per chunk; others are walked, ASCII runs 16 bytes at a time.
 */
final class StrictUtf8 {

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long HIGH_BITS = 0x8080808080808080L;

  private StrictUtf8() {}

  /** Returns if {@code bytes} are well-formed UTF-8; throws naming the first ill-formed byte. */
  static void check(byte[] bytes) {
    int length = bytes.length;
    for (int i = 0; i < Math.min(4, length); i++) {
      if (bytes[i] == 0) {
        throw failure(bytes, i, "a zero byte, which JSON in UTF-8 never has (is the document"
            + " UTF-16 or UTF-32? Herald reads UTF-8 only)");
      }
    }
    if (isAscii(bytes)) {
      return; // the common case, without a branch per chunk
    }
    int i = 0;
    while (i < length) {
      i = asciiRun(bytes, i);
      if (i >= length) {
        break;
      }
      int b = bytes[i];
      if (b >= 0) {
        i++;
      } else {
        i = sequence(bytes, i, b & 0xFF);
      }
    }
  }

  /** Whether every byte is ASCII: the high bits of the whole array, or-ed eight bytes at a time. */
  private static boolean isAscii(byte[] bytes) {
    long bits = 0;
    int i = 0;
    for (int limit = bytes.length - 8; i <= limit; i += 8) {
      bits |= (long) LONGS.get(bytes, i);
    }
    for (; i < bytes.length; i++) {
      bits |= bytes[i] & 0xFF;
    }
    return (bits & HIGH_BITS) == 0;
  }

  /**
   * The index of the first byte from {@code from} on that may not be ASCII: most of a document is
   * ASCII, skipped 16 bytes at a time in a counted loop (so that the JIT drops its bound checks),
   * then one byte at a time.
   */
  private static int asciiRun(byte[] bytes, int from) {
    int i = from;
    int limit = bytes.length - 16;
    for (; i <= limit; i += 16) {
      if ((((long) LONGS.get(bytes, i) | (long) LONGS.get(bytes, i + 8)) & HIGH_BITS) != 0) {
        break;
      }
    }
    while (i < bytes.length && bytes[i] >= 0) {
      i++;
    }
    return i;
  }

  /** Checks the multi-byte sequence starting at {@code start}; returns the index after it. */
  private static int sequence(byte[] bytes, int start, int lead) {
    int count;
    int min = 0x80;
    int max = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      count = 1;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      count = 2;
      if (lead == 0xE0) {
        min = 0xA0;
      } else if (lead == 0xED) {
        max = 0x9F;
      }
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      count = 3;
      if (lead == 0xF0) {
        min = 0x90;
      } else if (lead == 0xF4) {
        max = 0x8F;
      }
    } else if (lead <= 0xBF) {
      throw failure(bytes, start, "a continuation byte without a lead byte");
    } else if (lead <= 0xC1) {
      throw failure(bytes, start, "an overlong encoding (lead byte C0 or C1)");
    } else {
      throw failure(bytes, start, lead <= 0xF7
          ? "a code point above U+10FFFF" : "a byte that UTF-8 never uses");
    }
    for (int k = 1; k <= count; k++) {
      int at = start + k;
      if (at >= bytes.length) {
        throw failure(bytes, start, "a sequence truncated by the end of the document");
      }
      int b = bytes[at] & 0xFF;
      int low = k == 1 ? min : 0x80;
      int high = k == 1 ? max : 0xBF;
      if (b < low || b > high) {
        if (b < 0x80 || b > 0xBF) {
          throw failure(bytes, start, "a truncated sequence (byte " + hex(b) + " at " + at
              + " does not continue it)");
        }
        throw failure(bytes, start, lead == 0xED
            ? "an encoded surrogate (U+D800 to U+DFFF)"
            : lead == 0xF4 ? "a code point above U+10FFFF" : "an overlong encoding");
      }
    }
    return start + count + 1;
  }

  private static EventDecodingException failure(byte[] bytes, int offset, String problem) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < offset; i++) {
      if (bytes[i] == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    StringBuilder shown = new StringBuilder();
    for (int i = offset; i < Math.min(offset + 4, bytes.length); i++) {
      shown.append(i == offset ? "" : " ").append(hex(bytes[i] & 0xFF));
    }
    return new EventDecodingException(null, "$", line, offset - lineStart + 1, offset,
        "the document is not well-formed UTF-8: " + problem + " at byte " + offset + " (bytes "
            + shown + "); Herald reads strict UTF-8 (RFC 3629)", null);
  }

  private static String hex(int b) {
    return String.format("%02X", b);
  }
}
