package dev.herald.processor.versions;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.herald.processor.testing.Compiler.compile;
import static dev.herald.processor.testing.Compiler.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.testing.compile.Compilation;
import dev.herald.processor.testing.Golden;
import dev.herald.processor.testing.InMemoryClassLoader;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventDecodingException;
import dev.herald.runtime.EventKey;
import dev.herald.runtime.wire.CloudEvents;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Compiles three versions of one event (an {@code @Upcast} method from v1 to v2, a compatible step
 * from v2 to v3), loads the generated code and decodes documents of every version.
 */
class UpcastChainTest {

  private static final JavaFileObject ORDERS = source("com.acme.Orders",
      "package com.acme;",
      "import dev.herald.annotations.*;",
      "import java.util.Optional;",
      "public final class Orders {",
      "  private Orders() {}",
      "  public enum Channel { WEB, PHONE }",
      "  /** An order, as the first release wrote it. */",
      "  @Event(value = \"order:placed\", version = 1)",
      "  public record PlacedV1(String orderId, int cents) {}",
      "  /** An order, with its currency. */",
      "  @Event(value = \"order:placed\", version = 2)",
      "  public record PlacedV2(String orderId, long cents, String currency,",
      "      @Nullable String note) {}",
      "  /** An order, with where it came from. */",
      "  @Event(value = \"order:placed\", version = 3)",
      "  public record Placed(@OrderingKey String orderId, long cents, String currency,",
      "      @DefaultValue(\"(none)\") String note, @Nullable String coupon,",
      "      Optional<String> referrer, @DefaultValue(\"PHONE\") Channel channel,",
      "      @DefaultValue(\"1\") int items, @DefaultValue(\"0.5\") double weight) {}",
      "  @Upcast",
      "  static PlacedV2 toV2(PlacedV1 old) {",
      "    if (old.cents() < 0) {",
      "      throw new IllegalArgumentException(\"a refund is not an order\");",
      "    }",
      "    return new PlacedV2(old.orderId(), old.cents(), \"EUR\", null);",
      "  }",
      "}");
  private static final JavaFileObject NULLABLE = source("com.acme.Nullable",
      "package com.acme;",
      "import java.lang.annotation.*;",
      "@Retention(RetentionPolicy.CLASS)",
      "@Target({ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.FIELD,",
      "    ElementType.METHOD})",
      "public @interface Nullable {}");

  private static Compilation compilation;
  private static InMemoryClassLoader loader;
  private static CloudEvents wire;

  @BeforeAll
  static void compileTheChain() {
    compilation = compile(new String[] {"-Werror"}, ORDERS, NULLABLE);
    assertThat(compilation).succeededWithoutWarnings();
    loader = InMemoryClassLoader.of(compilation);
    wire = CloudEvents.of(keys());
  }

  @Test
  void aVersion1DocumentReachesVersion3ThroughTheUpcasterAndTheGeneratedCopy() {
    Envelope<?> envelope = wire.fromJson(document(1, "{\"orderId\":\"o-1\",\"cents\":1250}"));

    assertThat(envelope.version()).isEqualTo(3);
    assertThat(envelope.id()).isEqualTo("evt_1");
    assertThat(envelope.correlationId()).isEqualTo("req-7");
    assertThat(envelope.key()).isSameAs(key("ORDER_PLACED_V3"));
    assertThat(envelope.payload().toString()).isEqualTo("Placed[orderId=o-1, cents=1250,"
        + " currency=EUR, note=(none), coupon=null, referrer=Optional.empty, channel=PHONE,"
        + " items=1, weight=0.5]");
  }

  @Test
  void aVersion2DocumentKeepsWhatItHadAndTakesDefaultsForTheRest() {
    Envelope<?> envelope = wire.fromJson(document(2,
        "{\"orderId\":\"o-2\",\"cents\":99,\"currency\":\"CHF\",\"note\":\"ring twice\"}"));

    assertThat(envelope.version()).isEqualTo(3);
    assertThat(envelope.payload().toString()).isEqualTo("Placed[orderId=o-2, cents=99,"
        + " currency=CHF, note=ring twice, coupon=null, referrer=Optional.empty,"
        + " channel=PHONE, items=1, weight=0.5]");
  }

  @Test
  void aVersion3DocumentIsReadAsItIs() {
    byte[] json = document(3, "{\"orderId\":\"o-3\",\"cents\":5,\"currency\":\"USD\","
        + "\"note\":\"n\",\"coupon\":\"C\",\"referrer\":\"ads\",\"channel\":\"WEB\","
        + "\"items\":4,\"weight\":2.0}");

    Envelope<?> envelope = wire.fromJson(json);

    assertThat(envelope.payload().toString()).isEqualTo("Placed[orderId=o-3, cents=5,"
        + " currency=USD, note=n, coupon=C, referrer=Optional[ads], channel=WEB, items=4,"
        + " weight=2.0]");
  }

  @Test
  void asWrittenDecodesAnOldDocumentAsItsOwnVersion() {
    Envelope<?> envelope = wire.asWritten()
        .fromJson(document(1, "{\"orderId\":\"o-1\",\"cents\":1250}"));

    assertThat(envelope.key()).isSameAs(key("ORDER_PLACED"));
    assertThat(envelope.payload().toString()).isEqualTo("PlacedV1[orderId=o-1, cents=1250]");
  }

  @Test
  void theChainIsGeneratedIntoEventMap() {
    Golden.assertMatches(compilation, "com.acme.EventMap", "EventMapWithUpcasts.java");
  }

  @Test
  void onlyOlderKeysUpcast() {
    assertThat(key("ORDER_PLACED").upcasts()).isTrue();
    assertThat(key("ORDER_PLACED_V2").upcasts()).isTrue();
    assertThat(key("ORDER_PLACED_V3").upcasts()).isFalse();
  }

  @Test
  void anOldDocumentIsStillCheckedAgainstTheContractItWasWrittenWith() {
    assertThatThrownBy(() -> wire.fromJson(document(1, "{\"orderId\":\"o-1\"}")))
        .isInstanceOf(EventDecodingException.class)
        .hasMessageContaining("cents");
  }

  @Test
  void anUpcasterThatThrowsFailsTheDecodeNamingTheEvent() {
    assertThatThrownBy(() -> wire.fromJson(document(1, "{\"orderId\":\"o-1\",\"cents\":-5}")))
        .isInstanceOf(EventDecodingException.class)
        .hasMessageContaining("order:placed")
        .hasMessageContaining("upcasting version 1 to the newest version failed")
        .hasMessageContaining("a refund is not an order")
        .hasRootCauseInstanceOf(IllegalArgumentException.class);
  }

  private static byte[] document(int version, String data) {
    return ("{\"specversion\":\"1.0\",\"id\":\"evt_1\",\"source\":\"shop\","
        + "\"type\":\"order:placed\",\"time\":\"2026-01-02T03:04:05Z\","
        + "\"datacontenttype\":\"application/json\",\"eventversion\":" + version
        + ",\"correlationid\":\"req-7\",\"data\":" + data + "}")
        .getBytes(StandardCharsets.UTF_8);
  }

  @SuppressWarnings("unchecked")
  private static List<EventKey<?>> keys() {
    try {
      return (List<EventKey<?>>) loader.load("com.acme.EventMap").getMethod("keys").invoke(null);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static EventKey<?> key(String constant) {
    try {
      return (EventKey<?>) loader.load("com.acme.EventMap").getField(constant).get(null);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

}
