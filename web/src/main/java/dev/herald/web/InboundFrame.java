package dev.herald.web;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A frame a client sent, read strictly: {@code {"kind":"subscribe","patterns":[...]}} or
 * {@code {"kind":"publish","type":"...","data":{...}}}, each with an optional {@code ref} that the
 * answer repeats. Anything else is a {@link BadFrame} naming what is wrong and how to fix it.
 *
 * @param kind {@code subscribe} or {@code publish}
 * @param ref the client's reference for the answer, or null
 * @param patterns the patterns of a subscribe frame
 * @param type the event name of a publish frame
 * @param version the contract version of a publish frame, 0 for the newest
 * @param data the payload of a publish frame, as JSON
 * @param correlationId the correlation id of a publish frame, or null
 */
record InboundFrame(String kind, String ref, List<String> patterns, String type, int version,
    byte[] data, String correlationId) {

  static final String SUBSCRIBE = "subscribe";
  static final String PUBLISH = "publish";
  private static final int MAX_DEPTH = 32;

  /** A frame the bridge cannot act on; {@code code} is stable for clients to test. */
  static final class BadFrame extends Exception {
    private static final long serialVersionUID = 1L;
    final String code;
    final String ref;

    BadFrame(String code, String ref, String message) {
      super(message, null, false, false);
      this.code = code;
      this.ref = ref;
    }
  }

  static InboundFrame parse(String text) throws BadFrame {
    String kind = null;
    String ref = null;
    List<String> patterns = null;
    String type = null;
    int version = 0;
    byte[] data = null;
    String correlationId = null;
    try (JsonParser parser = Frames.JSON.rebuild()
        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
        .build().createParser(text)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new BadFrame("bad-frame", null, "a frame must be a JSON object with a \"kind\","
            + " e.g. {\"kind\":\"subscribe\",\"patterns\":[\"task:*\"]}");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (field) {
          case "kind" -> kind = string(parser, field, ref);
          case "ref" -> ref = string(parser, field, ref);
          case "type" -> type = string(parser, field, ref);
          case "correlationid" -> correlationId = string(parser, field, ref);
          case "version" -> {
            if (value != JsonToken.VALUE_NUMBER_INT || parser.getIntValue() < 1) {
              throw new BadFrame("bad-frame", ref, "\"version\" must be an integer of at least 1");
            }
            version = parser.getIntValue();
          }
          case "patterns" -> patterns = strings(parser, ref);
          case "data" -> data = copy(parser);
          default -> throw new BadFrame("bad-frame", ref, "unknown field \"" + field
              + "\"; a frame has kind, ref, and patterns (subscribe) or type, version, data and"
              + " correlationid (publish)");
        }
      }
      if (parser.nextToken() != null) {
        throw new BadFrame("bad-frame", ref, "one JSON object per frame; found more after it");
      }
    } catch (JsonProcessingException e) {
      throw new BadFrame("bad-json", ref, "the frame is not valid JSON: "
          + e.getOriginalMessage() + " at column " + e.getLocation().getColumnNr());
    } catch (IOException e) {
      throw new BadFrame("bad-json", ref, "the frame could not be read: " + e.getMessage());
    }
    if (kind == null) {
      throw new BadFrame("bad-frame", ref, "the frame has no \"kind\"; use \"subscribe\" or"
          + " \"publish\"");
    }
    switch (kind) {
      case SUBSCRIBE -> {
        if (patterns == null) {
          throw new BadFrame("bad-frame", ref, "a subscribe frame needs \"patterns\", an array"
              + " of event names or patterns such as \"task:*\"");
        }
      }
      case PUBLISH -> {
        if (type == null || data == null) {
          throw new BadFrame("bad-frame", ref, "a publish frame needs \"type\" (the event name)"
              + " and \"data\" (its payload object)");
        }
      }
      default -> throw new BadFrame("unknown-kind", ref, "unknown kind \"" + kind
          + "\"; use \"subscribe\" or \"publish\"");
    }
    return new InboundFrame(kind, ref, patterns, type, version, data, correlationId);
  }

  private static String string(JsonParser parser, String field, String ref)
      throws IOException, BadFrame {
    if (parser.currentToken() != JsonToken.VALUE_STRING) {
      throw new BadFrame("bad-frame", ref, "\"" + field + "\" must be a string");
    }
    return parser.getText();
  }

  private static List<String> strings(JsonParser parser, String ref) throws IOException, BadFrame {
    if (parser.currentToken() != JsonToken.START_ARRAY) {
      throw new BadFrame("bad-frame", ref, "\"patterns\" must be an array of strings");
    }
    List<String> values = new ArrayList<>();
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      values.add(string(parser, "patterns[" + values.size() + "]", ref));
    }
    return List.copyOf(values);
  }

  private static byte[] copy(JsonParser parser) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator generator = Frames.JSON.createGenerator(out)) {
      generator.copyCurrentStructure(parser);
    }
    return out.toByteArray();
  }
}
