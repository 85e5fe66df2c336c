package dev.herald.processor.json;

import static dev.herald.processor.testing.Compiler.source;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventKey;
import dev.herald.runtime.generated.JsonCodec;
import dev.herald.runtime.generated.JsonSupport;
import dev.herald.runtime.wire.CloudEvents;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Writing to a redacting generator ({@link JsonSupport#redacting}): every {@code @Sensitive}
 * component, at any depth, is {@code "***"}; every other component is written as it is for the
 * wire. Expected texts are written by hand.
 */
class JsonRedactionTest {

  private static final String S = "com.acme.secret.Secrets$";

  static final JavaFileObject SECRETS = source("com.acme.secret.Secrets",
      "package com.acme.secret;",
      "",
      "import com.acme.types.Nullable;",
      "import dev.herald.annotations.Event;",
      "import dev.herald.annotations.Sensitive;",
      "import java.util.Collection;",
      "import java.util.List;",
      "import java.util.Map;",
      "import java.util.Optional;",
      "import java.util.Set;",
      "",
      "public interface Secrets {",
      "  enum Kind { HOME, WORK }",
      "",
      "  record Phone(@Sensitive String number, String label) {}",
      "",
      "  record Address(String city, @Sensitive String street) {}",
      "",
      "  record Guest(String name, List<Phone> phones, Map<String, Address> addresses,",
      "      Optional<Phone> emergency, Set<Phone> others, Map<Kind, Phone> byKind,",
      "      List<Map<String, Optional<Phone>>> deep) {}",
      "",
      "  record Plain(String a, int b) {}",
      "",
      "  @Event(\"secret:registered\")",
      "  record Registered(String id, @Sensitive String pin, @Sensitive @Nullable String note,",
      "      @Sensitive int age, @Sensitive Optional<String> nick, @Sensitive Guest hidden,",
      "      Guest guest, Collection<Guest> others, Plain plain, @Nullable Guest maybe) {}",
      "",
      "  @Event(\"secret:plain\")",
      "  record PlainEvent(String id, Plain plain, List<Plain> plains) {}",
      "",
      "  record Leaf(@Sensitive String secret) {}",
      "  record A(@Nullable B b, String label) {}",
      "  record B(@Nullable A a, Leaf leaf) {}",
      "",
      "  /** Reaches a secret only through a cycle A -> B -> Leaf. */",
      "  @Event(\"secret:cycle\")",
      "  record Cycle(A a) {}",
      "",
      "  @Event(value = \"secret:unlogged\", logPayload = false)",
      "  record Unlogged(String id) {}",
      "}");

  private static CodecHarness harness;

  @BeforeAll
  static void compile() {
    harness = CodecHarness.compile(Fixtures.TYPE_USE_NULLABLE, SECRETS);
  }

  private static Record phone(String number, String label) {
    return harness.record(S + "Phone", number, label);
  }

  private static Record address(String city, String street) {
    return harness.record(S + "Address", city, street);
  }

  private static Object kind(String name) {
    return harness.constant(S + "Kind", name);
  }

  private static Record guest(String name, String secret) {
    Map<String, Optional<Record>> deep = new LinkedHashMap<>();
    deep.put("d", Optional.of(phone(secret + "-deep", "deep")));
    deep.put("e", Optional.empty());
    return harness.record(S + "Guest", name,
        List.of(phone(secret + "-list", "mobile")),
        Map.of("home", address("Bergen", secret + "-map")),
        Optional.of(phone(secret + "-optional", "emergency")),
        new LinkedHashSet<>(List.of(phone(secret + "-set", "other"))),
        Map.of(kind("WORK"), phone(secret + "-enum-map", "work")),
        List.of(deep));
  }

  private static String redacted(JsonCodec<Record> codec, Record value) {
    return new String(JsonSupport.toRedactedBytes(codec, value), StandardCharsets.UTF_8);
  }

  private static String guestJson(String name, String redactedOrSecret) {
    String s = redactedOrSecret;
    boolean hide = s.equals("***");
    return "{\"name\":\"" + name + "\","
        + "\"phones\":[{\"number\":\"" + (hide ? s : s + "-list") + "\",\"label\":\"mobile\"}],"
        + "\"addresses\":{\"home\":{\"city\":\"Bergen\",\"street\":\""
        + (hide ? s : s + "-map") + "\"}},"
        + "\"emergency\":{\"number\":\"" + (hide ? s : s + "-optional")
        + "\",\"label\":\"emergency\"},"
        + "\"others\":[{\"number\":\"" + (hide ? s : s + "-set") + "\",\"label\":\"other\"}],"
        + "\"byKind\":{\"WORK\":{\"number\":\"" + (hide ? s : s + "-enum-map")
        + "\",\"label\":\"work\"}},"
        + "\"deep\":[{\"d\":{\"number\":\"" + (hide ? s : s + "-deep")
        + "\",\"label\":\"deep\"},\"e\":null}]}";
  }

  @Test
  void sensitiveComponentsAtAnyDepthAreRedactedAndTheRestIsWritten() {
    JsonCodec<Record> codec = harness.codec(S + "Registered");
    Record registered = harness.record(S + "Registered", "r-1", "1234", "a note", 42,
        Optional.of("Bo"), guest("Hidden", "h"), guest("Ann", "g"), List.of(guest("Cy", "o")),
        harness.record(S + "Plain", "plain", 7), null);

    assertThat(redacted(codec, registered)).isEqualTo("{\"id\":\"r-1\",\"pin\":\"***\","
        + "\"note\":\"***\",\"age\":\"***\",\"nick\":\"***\",\"hidden\":\"***\","
        + "\"guest\":" + guestJson("Ann", "***") + ","
        + "\"others\":[" + guestJson("Cy", "***") + "],"
        + "\"plain\":{\"a\":\"plain\",\"b\":7},\"maybe\":null}");
    // write is unchanged: the same value in full.
    assertThat(CodecHarness.json(codec, registered)).isEqualTo("{\"id\":\"r-1\",\"pin\":\"1234\","
        + "\"note\":\"a note\",\"age\":42,\"nick\":\"Bo\",\"hidden\":" + guestJson("Hidden", "h")
        + ",\"guest\":" + guestJson("Ann", "g") + ","
        + "\"others\":[" + guestJson("Cy", "o") + "],"
        + "\"plain\":{\"a\":\"plain\",\"b\":7},\"maybe\":null}");
  }

  @Test
  void aNullOrEmptySensitiveComponentIsRedactedToo() {
    JsonCodec<Record> codec = harness.codec(S + "Registered");
    Record registered = harness.record(S + "Registered", "r-2", "", null, 0, Optional.empty(),
        guest("Hidden", "h"), guest("Ann", "g"), List.of(),
        harness.record(S + "Plain", "p", 1), guest("May", "m"));

    assertThat(redacted(codec, registered)).isEqualTo("{\"id\":\"r-2\",\"pin\":\"***\","
        + "\"note\":\"***\",\"age\":\"***\",\"nick\":\"***\",\"hidden\":\"***\","
        + "\"guest\":" + guestJson("Ann", "***") + ",\"others\":[],"
        + "\"plain\":{\"a\":\"p\",\"b\":1},\"maybe\":" + guestJson("May", "***") + "}");
  }

  @Test
  void aSecretReachedThroughACycleIsRedacted() {
    JsonCodec<Record> codec = harness.codec(S + "Cycle");
    Record leaf = harness.record(S + "Leaf", "s3cret");
    Record inner = harness.record(S + "A", null, "inner");
    Record b = harness.record(S + "B", inner, leaf);
    Record cycle = harness.record(S + "Cycle", harness.record(S + "A", b, "outer"));

    assertThat(redacted(codec, cycle)).isEqualTo("{\"a\":{\"b\":{\"a\":{\"b\":null,"
        + "\"label\":\"inner\"},\"leaf\":{\"secret\":\"***\"}},\"label\":\"outer\"}}");
  }

  @Test
  void everyCodecHasOneWriteAndCodecsWithoutSecretsWriteTheSameRedacted() {
    for (String record : List.of("Registered", "Guest", "Phone", "Address", "Cycle", "A", "B",
        "Leaf", "Plain", "PlainEvent", "Unlogged")) {
      assertThat(declaredWriters(record)).as(record).containsExactly("write");
    }

    JsonCodec<Record> plainEvent = harness.codec(S + "PlainEvent");
    Record plain = harness.record(S + "Plain", "x", 1);
    Record value = harness.record(S + "PlainEvent", "p", plain, List.of(plain));
    assertThat(redacted(plainEvent, value)).isEqualTo(CodecHarness.json(plainEvent, value));
  }

  /** The names of the writing methods the codec declares itself (bridges aside). */
  private static List<String> declaredWriters(String record) {
    return Arrays.stream(harness.codec(S + record).getClass().getDeclaredMethods())
        .filter(m -> !m.isBridge() && m.getName().startsWith("write"))
        .map(java.lang.reflect.Method::getName)
        .toList();
  }

  @Test
  void cloudEventsRedactsDataAndWithholdsUnloggedPayloads() {
    EventKey<Record> registeredKey = harness.key("com.acme.secret.EventMap", "SECRET_REGISTERED");
    Record registered = harness.record(S + "Registered", "r-3", "9876", "n", 3,
        Optional.of("nick"), guest("Hidden", "h"), guest("Ann", "g"), List.of(),
        harness.record(S + "Plain", "p", 1), null);
    Instant time = Instant.parse("2024-05-01T12:30:00.123Z");
    Envelope<Record> envelope = Envelope.of(registeredKey, registered, "evt_1", time, "desk",
        "req-1", null, "acme", Map.of("channel", "sms"));
    CloudEvents wire = CloudEvents.of(List.of(registeredKey));

    String rendered = wire.toRedactedJson(envelope);

    assertThat(rendered).isEqualTo("{\"specversion\":\"1.0\",\"id\":\"evt_1\","
        + "\"source\":\"desk\",\"type\":\"secret:registered\","
        + "\"time\":\"2024-05-01T12:30:00.123Z\",\"datacontenttype\":\"application/json\","
        + "\"eventversion\":1,\"correlationid\":\"req-1\",\"tenantid\":\"acme\","
        + "\"channel\":\"sms\",\"data\":{\"id\":\"r-3\",\"pin\":\"***\",\"note\":\"***\","
        + "\"age\":\"***\",\"nick\":\"***\",\"hidden\":\"***\","
        + "\"guest\":" + guestJson("Ann", "***") + ",\"others\":[],"
        + "\"plain\":{\"a\":\"p\",\"b\":1},\"maybe\":null}}");
    assertThat(new String(wire.toJson(envelope), StandardCharsets.UTF_8)).contains("9876");

    EventKey<Record> unloggedKey = harness.key("com.acme.secret.EventMap", "SECRET_UNLOGGED");
    Envelope<Record> unlogged = Envelope.of(unloggedKey,
        harness.record(S + "Unlogged", "private-id"), "evt_2", time, "desk", null, null, null,
        Map.of());
    assertThat(wire.toRedactedJson(unlogged)).isEqualTo("{\"specversion\":\"1.0\","
        + "\"id\":\"evt_2\",\"source\":\"desk\",\"type\":\"secret:unlogged\","
        + "\"time\":\"2024-05-01T12:30:00.123Z\",\"datacontenttype\":\"application/json\","
        + "\"eventversion\":1,\"data\":\"(withheld: logPayload=false)\"}");
  }

  /** Random guests: no secret ever shows in the redacted rendering, every plain value does. */
  @Test
  void randomValuesNeverLeakASecret() {
    JsonCodec<Record> codec = harness.codec(S + "Registered");
    forEachRun(300, random -> {
      List<String> secrets = new ArrayList<>();
      List<String> plain = new ArrayList<>();
      Supplier<String> secret = () -> {
        String s = "SECRET" + (secrets.size() + plain.size()) + "X";
        secrets.add(s);
        return s;
      };
      boolean[] hiding = {false};
      Supplier<String> open = () -> {
        String s = "OPEN" + (secrets.size() + plain.size()) + "Y";
        (hiding[0] ? secrets : plain).add(s);
        return s;
      };
      Supplier<Record> phone = () -> phone(secret.get(), open.get());
      Supplier<Record> guest = () -> {
        Supplier<Map<String, Optional<Record>>> deep = () -> {
          Map<String, Optional<Record>> map = new LinkedHashMap<>();
          random.list(3, open).forEach(k -> map.put(k, random.optional(phone)));
          return map;
        };
        Map<String, Record> addresses = new LinkedHashMap<>();
        random.list(3, open).forEach(k -> addresses.put(k, address(open.get(), secret.get())));
        Map<Object, Record> byKind = new LinkedHashMap<>();
        if (random.bool()) {
          byKind.put(kind("HOME"), phone.get());
        }
        return harness.record(S + "Guest", open.get(), random.list(3, phone),
            addresses, random.optional(phone),
            new LinkedHashSet<>(random.list(3, phone)), byKind, random.list(2, deep));
      };
      hiding[0] = true;
      Record hidden = guest.get();
      hiding[0] = false;
      Record registered = harness.record(S + "Registered", open.get(), secret.get(),
          random.orNull(50, secret), random.anInt(), random.optional(secret), hidden,
          guest.get(), random.list(3, guest), harness.record(S + "Plain", open.get(), 1),
          random.orNull(50, guest));

      String text = redacted(codec, registered);
      for (String s : secrets) {
        assertThat(text).doesNotContain(s);
      }
      for (String s : plain) {
        assertThat(text).contains(s);
      }
    });
  }

  private static void forEachRun(int runs, Consumer<RandomValues> body) {
    RandomValues random = RandomValues.create();
    for (int run = 0; run < runs; run++) {
      try {
        body.accept(random);
      } catch (RuntimeException | AssertionError failure) {
        throw new AssertionError("run " + run + " failed with seed " + random.seed
            + " (replay with -Dherald.seed=" + random.seed + "): " + failure.getMessage(), failure);
      }
    }
  }
}
