package dev.herald.runtime.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import dev.herald.runtime.EventDecodingException;
import dev.herald.runtime.generated.JsonCodec;
import dev.herald.runtime.generated.JsonSupport;
import dev.herald.runtime.wire.JsonLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Documents must be well-formed UTF-8: every ill-formed sequence is refused at its byte. */
class StrictUtf8Test {

  private static final JsonCodec<String> STRING = new JsonCodec<>() {
    @Override
    public void write(JsonGenerator generator, String value) throws IOException {
      JsonSupport.STRING.write(generator, value);
    }

    @Override
    public String read(JsonParser parser) throws IOException {
      return JsonSupport.STRING.read(parser);
    }
  };

  /** {@code "a<bytes>"}: the bytes inside a JSON string, at offset 2. */
  private static byte[] inString(String hex) {
    byte[] inner = HexFormat.of().parseHex(hex);
    byte[] json = new byte[inner.length + 3];
    json[0] = '"';
    json[1] = 'a';
    System.arraycopy(inner, 0, json, 2, inner.length);
    json[json.length - 1] = '"';
    return json;
  }

  private static String read(byte[] json) {
    return JsonSupport.fromBytes(STRING, json, JsonLimits.defaults());
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
      "c080, an overlong encoding (lead byte C0 or C1)",
      "c1bf, an overlong encoding (lead byte C0 or C1)",
      "e080af, an overlong encoding",
      "f08080af, an overlong encoding",
      "eda080, an encoded surrogate (U+D800 to U+DFFF)",
      "edbfbf, an encoded surrogate (U+D800 to U+DFFF)",
      "f4908080, a code point above U+10FFFF",
      "f5808080, a code point above U+10FFFF",
      "80, a continuation byte without a lead byte",
      "ff, a byte that UTF-8 never uses",
      "fe, a byte that UTF-8 never uses",
      "c3, a truncated sequence (byte 22 at 3 does not continue it)",
      "e282, a truncated sequence (byte 22 at 4 does not continue it)",
      "f09f98, a truncated sequence (byte 22 at 5 does not continue it)",
  })
  void refusesIllFormedSequencesNamingTheByte(String hex, String problem) {
    assertThatThrownBy(() -> read(inString(hex)))
        .isInstanceOf(EventDecodingException.class)
        .hasMessageContaining("the document is not well-formed UTF-8: " + problem + " at byte 2")
        .satisfies(e -> assertThat(((EventDecodingException) e).byteOffset()).isEqualTo(2));
  }

  @Test
  void aSequenceCutByTheEndOfTheDocumentIsRefused() {
    byte[] json = {'"', 'a', (byte) 0xe2, (byte) 0x82};
    assertThatThrownBy(() -> read(json))
        .hasMessageContaining("a sequence truncated by the end of the document at byte 2");
  }

  @Test
  void utf16AndUtf32AreNotGuessed() {
    byte[] utf16 = "\"a\"".getBytes(StandardCharsets.UTF_16BE);
    assertThatThrownBy(() -> read(utf16))
        .isInstanceOf(EventDecodingException.class)
        .hasMessageContaining("a zero byte, which JSON in UTF-8 never has");
  }

  @Test
  void acceptsEveryWellFormedBoundary() {
    String text = "a\u0080\u07ff\u0800\ud7ff\ue000\uffff\ud800\udc00\udbff\udfff";
    byte[] json = ("\"" + text + "\"").getBytes(StandardCharsets.UTF_8);
    assertThat(read(json)).isEqualTo(text);
    // Long ASCII runs take the eight-bytes-at-a-time path; the odd byte at the end does not.
    String ascii = "x".repeat(1001) + "é" + "y".repeat(17);
    assertThat(read(("\"" + ascii + "\"").getBytes(StandardCharsets.UTF_8))).isEqualTo(ascii);
  }

  @Test
  void theErrorNamesLineAndColumn() {
    byte[] json = ("\n  \"a" + "\u00e9").getBytes(StandardCharsets.UTF_8);
    json[json.length - 1] = (byte) 0x41; // é's continuation byte replaced: C3 41
    assertThatThrownBy(() -> read(json))
        .isInstanceOf(EventDecodingException.class)
        .hasMessageContaining("(line 2, column 5, byte 5)");
  }
}
