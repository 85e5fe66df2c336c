package dev.herald.processor.validation;

/** How event names become Java constants. */
public final class ConstantNames {

  private ConstantNames() {}

  /**
   * The constant for an event: the name upper-cased with separators and dashes as underscores, plus
   * {@code _V<version>} for versions above 1 ({@code message:received} v2 becomes
   * {@code MESSAGE_RECEIVED_V2}). Names starting with a digit get a leading underscore.
   */
  public static String of(String name, int version) {
    StringBuilder constant = new StringBuilder(name.length() + 4);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean letterOrDigit = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      constant.append(letterOrDigit ? Character.toUpperCase(c) : '_');
    }
    if (Character.isDigit(constant.charAt(0))) {
      constant.insert(0, '_');
    }
    if (version > 1) {
      constant.append("_V").append(version);
    }
    return constant.toString();
  }
}
