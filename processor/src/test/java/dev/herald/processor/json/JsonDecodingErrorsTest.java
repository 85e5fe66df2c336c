package dev.herald.processor.json;

import static dev.herald.processor.json.Fixtures.EVENT_MAP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.herald.runtime.EventDecodingException;
import dev.herald.runtime.EventKey;
import dev.herald.runtime.wire.JsonLimits;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Documents that do not fit the contract fail with an {@link EventDecodingException} naming the
 * event, the field as a JSON path and the position; never a Jackson exception, never a value.
 */
class JsonDecodingErrorsTest {

  private static CodecHarness harness;

  @BeforeAll
  static void compile() {
    harness = Fixtures.compileTypes();
  }

  private static EventDecodingException failure(String event, String json) {
    return failure(event, json, JsonLimits.defaults());
  }

  private static EventDecodingException failure(String event, String json, JsonLimits limits) {
    EventKey<Record> key = harness.key(EVENT_MAP, event);
    EventDecodingException e = catchThrowableOfType(EventDecodingException.class,
        () -> key.fromJson(json.getBytes(StandardCharsets.UTF_8), limits));
    assertThat(e).as("decoding %s", json).isNotNull();
    assertThat(e.eventName()).isEqualTo(key.name());
    assertThat(e.getMessage())
        .startsWith("Cannot decode event \"" + key.name() + "\" at " + e.path() + ": ")
        .contains(e.problem());
    if (e.line() > 0) {
      assertThat(e.getMessage())
          .endsWith("(line " + e.line() + ", column " + e.column() + ", byte " + e.byteOffset()
              + ")");
    }
    return e;
  }

  /** Asserts the path, the 1-based line and column, and the 0-based byte offset. */
  private static void assertAt(
      EventDecodingException e, String path, int line, int column, long byteOffset) {
    assertThat(e.path()).isEqualTo(path);
    assertThat(e.line()).as("line").isEqualTo(line);
    assertThat(e.column()).as("column").isEqualTo(column);
    assertThat(e.byteOffset()).as("byte offset").isEqualTo(byteOffset);
  }

  @Test
  void missingRequiredField() {
    EventDecodingException e = failure("TEST_BOOKING", "{\"id\":\"b\",\"metadata\":null}");
    assertAt(e, "$.guest", 1, 26, 25);
    assertThat(e.problem()).isEqualTo("the required field 'guest' is missing");
  }

  @Test
  void missingRequiredFieldOfANestedRecord() {
    EventDecodingException e = failure("TEST_BOOKING",
        "{\"id\":\"b\",\n \"guest\":{\"name\":\"x\"}}");
    assertAt(e, "$.guest.phones", 2, 21, 31);
    assertThat(e.problem()).contains("'phones' is missing");
  }

  @Test
  void missingPrimitive() {
    EventDecodingException e = failure("TEST_VALIDATED", "{}");
    assertAt(e, "$.count", 1, 2, 1);
  }

  @Test
  void nullInANonNullComponent() {
    EventDecodingException e = failure("TEST_BOOKING", "{\"id\":null}");
    assertAt(e, "$.id", 1, 7, 6);
    assertThat(e.problem()).startsWith("null is not allowed here, expected a string");
  }

  @Test
  void nullInANonNullElement() {
    EventDecodingException e = failure("TEST_BOOKING",
        "{\"id\":\"b\",\"guest\":{\"name\":\"x\",\"phones\":[{\"number\":\"1\"},{\"number\":\"2\"},null]}}");
    assertThat(e.path()).isEqualTo("$.guest.phones[2]");
    assertThat(e.problem()).startsWith("null is not allowed here, expected an object");
  }

  @Test
  void nullInsideANullableComponentIsStillChecked() {
    EventDecodingException e = failure("TEST_BOOKING", "{\"metadata\":{\"key\":5}}");
    assertAt(e, "$.metadata.key", 1, 20, 19);
    assertThat(e.problem()).isEqualTo("expected a string, found an integer");
  }

  @Test
  void wrongTokenTypes() {
    assertThat(failure("TEST_BOOKING", "{\"id\":5}").problem())
        .isEqualTo("expected a string, found an integer");
    assertThat(failure("TEST_BOOKING", "{\"id\":\"b\",\"guest\":[]}").problem())
        .isEqualTo("expected an object, found an array");
    assertThat(failure("TEST_CONTAINERS", "{\"list\":{}}").problem())
        .isEqualTo("expected an array, found an object");
    assertThat(failure("TEST_VALIDATED", "{\"count\":1.5}").problem())
        .isEqualTo("expected an integer, found a decimal number");
    assertThat(failure("TEST_VALIDATED", "{\"count\":\"1\"}").problem())
        .isEqualTo("expected an integer, found a string");
    EventDecodingException root = failure("TEST_VALIDATED", "[1]");
    assertAt(root, "$", 1, 1, 0);
    assertThat(root.problem()).isEqualTo("expected an object, found an array");
  }

  @Test
  void unknownEnumConstantListsTheKnownOnes() {
    EventDecodingException e = failure("TEST_CONTAINERS",
        "{\"list\":[],\"colors\":[\"RED\",\"PURPLE\"]}");
    assertAt(e, "$.colors[1]", 1, 28, 27);
    assertThat(e.problem())
        .isEqualTo("unknown constant \"PURPLE\", expected one of [RED, GREEN, BLUE]");
  }

  @Test
  void unknownEnumMapKey() {
    EventDecodingException e = failure("TEST_CONTAINERS", "{\"byColor\":{\"PINK\":\"x\"}}");
    assertThat(e.path()).isEqualTo("$.byColor.PINK");
    assertThat(e.problem()).isEqualTo("unknown key \"PINK\", expected one of [RED, GREEN, BLUE]");
  }

  @Test
  void badDateAndBadUuid() {
    EventDecodingException date = failure("TEST_CONTAINERS", "{\"nullableInstant\":\"yesterday\"}");
    assertAt(date, "$.nullableInstant", 1, 20, 19);
    assertThat(date.problem()).isEqualTo("expected an ISO-8601 instant, found \"yesterday\"");
    assertThat(date.getCause()).isInstanceOf(java.time.format.DateTimeParseException.class);

    assertThat(failure("TEST_SCALARS", "{\"uuid\":\"1-2-3-4-5\"}").problem())
        .isEqualTo("expected a UUID, found \"1-2-3-4-5\"");
    assertThat(failure("TEST_SCALARS", "{\"date\":\"2023-02-29\"}").problem())
        .isEqualTo("expected an ISO-8601 date, found \"2023-02-29\"");
  }

  @Test
  void numbersOutOfRange() {
    EventDecodingException overflow = failure("TEST_VALIDATED", "{\"count\":2147483648}");
    assertAt(overflow, "$.count", 1, 10, 9);
    assertThat(overflow.problem()).startsWith("Numeric value (2147483648) out of range of int");
    assertThat(failure("TEST_SCALARS", "{\"b\":128}").problem())
        .isEqualTo("the number 128 is out of range for a byte");
    assertThat(failure("TEST_SCALARS", "{\"c\":\"ab\"}").problem())
        .isEqualTo("expected a single character, found a string of length 2");
    assertThat(failure("TEST_SCALARS", "{\"d\":\"many\"}").problem())
        .isEqualTo("expected a number, found the string \"many\"");
  }

  @Test
  void badBase64() {
    EventDecodingException e = failure("TEST_BLOB", "{\"data\":\"*not base64*\"}");
    assertThat(e.path()).isEqualTo("$.data");
    assertThat(e.problem()).startsWith("expected a base64 string");
  }

  @Test
  void constructorThatRejectsTheValues() {
    EventDecodingException e = failure("TEST_VALIDATED", "{\"count\":-1}");
    assertAt(e, "$", 1, 12, 11);
    assertThat(e.problem()).isEqualTo("the record's constructor rejected the values:"
        + " java.lang.IllegalArgumentException: count must not be negative");
  }

  @Test
  void malformedDocuments() {
    EventDecodingException unterminated = failure("TEST_VALIDATED", "{\"count\":1,");
    assertThat(unterminated.problem()).contains("end-of-input");
    assertThat(unterminated.getCause())
        .isInstanceOf(com.fasterxml.jackson.core.JsonProcessingException.class);

    EventDecodingException garbage = failure("TEST_VALIDATED", "{\"count\":1 \"x\"}");
    assertThat(garbage.line()).isEqualTo(1);
    assertThat(garbage.column()).isEqualTo(12);

    EventDecodingException empty = failure("TEST_VALIDATED", "  ");
    assertThat(empty.problem()).isEqualTo("the document is empty");
    assertAt(empty, "$", 1, 3, 2);
  }

  @Test
  void trailingContent() {
    EventDecodingException second = failure("TEST_VALIDATED", "{\"count\":1} {}");
    assertAt(second, "$", 1, 13, 12);
    assertThat(second.problem()).isEqualTo("unexpected content after the end of the document: an object");
    EventDecodingException garbage = failure("TEST_VALIDATED", "{\"count\":1}\n]");
    assertThat(garbage.line()).isEqualTo(2);
  }

  @Test
  void tooDeep() {
    String deep = "{\"name\":\"a\",\"children\":[".repeat(10) + "]}".repeat(10);
    EventDecodingException e = failure("TEST_TREE", deep, JsonLimits.defaults().withMaxDepth(8));
    assertThat(e.problem()).contains("Document nesting depth").contains("exceeds the maximum");
    assertThat(e.path()).startsWith("$.children[0].children[0]");
    assertThat(e.byteOffset()).isPositive();
  }

  @Test
  void tooDeepEvenInSkippedFields() {
    String deep = "{\"x\":" + "[".repeat(100) + "]".repeat(100) + "}";
    EventDecodingException e = failure("TEST_EMPTY", deep);
    assertThat(e.problem()).contains("nesting depth");
  }

  @Test
  void stringTooLong() {
    EventDecodingException e = failure("TEST_BOOKING", "{\"id\":\"" + "x".repeat(100) + "\"}",
        JsonLimits.defaults().withMaxStringLength(50));
    assertThat(e.path()).isEqualTo("$.id");
    assertThat(e.problem()).contains("String value length").contains("exceeds the maximum");
  }

  @Test
  void documentTooLarge() {
    String json = "{\"id\":\"" + "x".repeat(100) + "\"}";
    EventDecodingException e = failure("TEST_BOOKING", json,
        JsonLimits.defaults().withMaxDocumentBytes(64));
    assertThat(e.problem()).startsWith("Document length (109) exceeds the maximum allowed (64");
    assertThat(e.path()).isEqualTo("$");
  }
}
