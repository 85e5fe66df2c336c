package dev.herald.runtime.wire;

/**
 * Bounds on the JSON documents Herald decodes, so that an untrusted document cannot exhaust memory or
 * the stack. The defaults suit event payloads; raise them for unusually large events.
 *
 * @param maxDocumentBytes the largest document, in bytes
 * @param maxDepth the deepest nesting of objects and arrays
 * @param maxStringLength the longest string value, in characters
 */
public record JsonLimits(long maxDocumentBytes, int maxDepth, int maxStringLength) {

  private static final JsonLimits DEFAULTS = new JsonLimits(4L * 1024 * 1024, 64, 1024 * 1024);

  public JsonLimits {
    if (maxDocumentBytes < 1 || maxDepth < 1 || maxStringLength < 1) {
      throw new IllegalArgumentException(
          "JsonLimits must all be positive, got maxDocumentBytes=" + maxDocumentBytes + ", maxDepth="
              + maxDepth + ", maxStringLength=" + maxStringLength);
    }
  }

  /** 4 MiB documents, nesting depth 64, strings of up to 1 Mi characters. */
  public static JsonLimits defaults() {
    return DEFAULTS;
  }

  public JsonLimits withMaxDocumentBytes(long bytes) {
    return new JsonLimits(bytes, maxDepth, maxStringLength);
  }

  public JsonLimits withMaxDepth(int depth) {
    return new JsonLimits(maxDocumentBytes, depth, maxStringLength);
  }

  public JsonLimits withMaxStringLength(int length) {
    return new JsonLimits(maxDocumentBytes, maxDepth, length);
  }
}
