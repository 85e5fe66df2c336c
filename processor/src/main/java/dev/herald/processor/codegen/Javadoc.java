package dev.herald.processor.codegen;

/** Makes user text safe inside a generated Javadoc comment. */
final class Javadoc {

  private Javadoc() {}

  static String escape(String text) {
    return text.replace("*/", "*&#47;").replace("@", "&#64;");
  }
}
