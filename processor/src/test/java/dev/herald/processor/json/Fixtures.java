package dev.herald.processor.json;

import static dev.herald.processor.testing.Compiler.source;

import javax.tools.JavaFileObject;

/** Record sources that use every type the generated codecs cover. */
final class Fixtures {

  private Fixtures() {}

  /** JSpecify style: a type-use annotation. */
  static final JavaFileObject TYPE_USE_NULLABLE = source("com.acme.types.Nullable",
      "package com.acme.types;",
      "import java.lang.annotation.*;",
      "@Retention(RetentionPolicy.CLASS)",
      "@Target(ElementType.TYPE_USE)",
      "public @interface Nullable {}");

  /** JSR 305 style: a declaration annotation, here only allowed on parameters. */
  static final JavaFileObject PARAMETER_NULLABLE = source("com.acme.decl.Nullable",
      "package com.acme.decl;",
      "import java.lang.annotation.*;",
      "@Retention(RetentionPolicy.CLASS)",
      "@Target(ElementType.PARAMETER)",
      "public @interface Nullable {}");

  static final JavaFileObject TYPES = source("com.acme.types.Types",
      "package com.acme.types;",
      "",
      "import dev.herald.annotations.Event;",
      "import java.math.BigDecimal;",
      "import java.math.BigInteger;",
      "import java.time.Duration;",
      "import java.time.Instant;",
      "import java.time.LocalDate;",
      "import java.time.LocalDateTime;",
      "import java.time.OffsetDateTime;",
      "import java.util.Collection;",
      "import java.util.List;",
      "import java.util.Map;",
      "import java.util.Optional;",
      "import java.util.Set;",
      "import java.util.UUID;",
      "",
      "public interface Types {",
      "  enum Color { RED, GREEN, BLUE }",
      "",
      "  record Phone(String number, @Nullable String label) {}",
      "",
      "  record Guest(String name, List<Phone> phones) {}",
      "",
      "  @Event(\"test:scalars\")",
      "  record Scalars(boolean bool, byte b, short s, int i, long l, float f, double d, char c,",
      "      Boolean boxedBool, Byte boxedByte, Short boxedShort, Integer boxedInt, Long boxedLong,",
      "      Float boxedFloat, Double boxedDouble, Character boxedChar, String string,",
      "      BigDecimal decimal, BigInteger integer, UUID uuid, Instant instant, LocalDate date,",
      "      LocalDateTime dateTime, OffsetDateTime offsetDateTime, Duration duration,",
      "      Color color) {}",
      "",
      "  @Event(\"test:containers\")",
      "  record Containers(List<String> list, Set<Integer> set, Collection<Color> colors,",
      "      Map<String, Long> map, Map<Color, String> byColor, Optional<String> optional,",
      "      Optional<Guest> guest, List<Map<String, Optional<Phone>>> nested,",
      "      List<@Nullable String> nullableElements, @Nullable Map<String, String> metadata,",
      "      @Nullable Guest nullableGuest, @Nullable Instant nullableInstant) {}",
      "",
      "  @Event(\"test:booking\")",
      "  record Booking(String id, Guest guest, @Nullable Map<String, String> metadata) {}",
      "",
      "  @Event(\"test:blob\")",
      "  record Blob(byte[] data, @Nullable byte[] more) {}",
      "",
      "  @Event(\"test:tree\")",
      "  record Node(String name, List<Node> children) {}",
      "",
      "  @Event(\"test:validated\")",
      "  record Validated(int count) {",
      "    public Validated {",
      "      if (count < 0) {",
      "        throw new IllegalArgumentException(\"count must not be negative\");",
      "      }",
      "    }",
      "  }",
      "",
      "  @Event(\"test:declared-nullable\")",
      "  record DeclaredNullable(String id, String note) {",
      "    public DeclaredNullable(String id, @com.acme.decl.Nullable String note) {",
      "      this.id = id;",
      "      this.note = note;",
      "    }",
      "  }",
      "",
      "  @Event(\"test:empty\")",
      "  record Empty() {}",
      "}");

  static final String T = "com.acme.types.Types$";
  static final String EVENT_MAP = "com.acme.types.EventMap";

  static CodecHarness compileTypes() {
    return CodecHarness.compile(TYPE_USE_NULLABLE, PARAMETER_NULLABLE, TYPES);
  }
}
