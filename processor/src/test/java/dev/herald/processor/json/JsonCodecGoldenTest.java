package dev.herald.processor.json;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static dev.herald.processor.testing.Compiler.source;

import com.google.testing.compile.Compilation;
import dev.herald.processor.testing.Compiler;
import dev.herald.processor.testing.Golden;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * One representative codec compared with a reviewed golden copy; run with
 * {@code -Dherald.golden.update=true} to rewrite it after an intended change.
 */
class JsonCodecGoldenTest {

  @Test
  void orderPlacedCodec() {
    Compilation compilation = Compiler.compile(new String[] {"-Werror"},
        Fixtures.TYPE_USE_NULLABLE,
        source("com.acme.types.Shop",
            "package com.acme.types;",
            "import dev.herald.annotations.*;",
            "import java.math.BigDecimal;",
            "import java.time.Instant;",
            "import java.util.*;",
            "public interface Shop {",
            "  enum Channel { WEB, STORE }",
            "  record Line(String sku, int quantity, BigDecimal price) {}",
            "  /** An order was placed. */",
            "  @Event(\"order:placed\")",
            "  record OrderPlaced(@OrderingKey String orderId, long placedAtMillis, Channel channel,",
            "      List<Line> lines, Map<String, @Nullable String> attributes,",
            "      Optional<Instant> promisedBy, @Nullable String note) {}",
            "}"));
    assertThat(compilation).succeededWithoutWarnings();
    Golden.assertMatches(compilation, "com.acme.types.Shop_OrderPlacedJsonCodec",
        "json/Shop_OrderPlacedJsonCodec.java");
  }

  /** The shape of a codec that redacts: its sensitive components, direct and nested. */
  @Test
  void guestRegisteredCodecRedacts() {
    Compilation compilation = Compiler.compile(new String[] {"-Werror"},
        source("com.acme.desk.Desk",
            "package com.acme.desk;",
            "import dev.herald.annotations.*;",
            "import java.util.*;",
            "public interface Desk {",
            "  record Phone(@Sensitive String number, String label) {}",
            "  /** A guest registered at the front desk. */",
            "  @Event(\"guest:registered\")",
            "  record GuestRegistered(String guestId, @Sensitive String name, int visits,",
            "      List<Phone> phones, Map<String, Phone> byLabel, Optional<Phone> emergency,",
            "      List<String> tags) {}",
            "}"));
    assertThat(compilation).succeededWithoutWarnings();
    Golden.assertMatches(compilation, "com.acme.desk.Desk_GuestRegisteredJsonCodec",
        "json/Desk_GuestRegisteredJsonCodec.java");
  }

  /**
   * Only a canonical constructor the record declares (compact or not) can refuse its arguments;
   * the implicit one only assigns its fields, so its codec calls it without a try/catch.
   */
  @Test
  void onlyADeclaredConstructorIsGuarded() throws IOException {
    Compilation compilation = Compiler.compile(new String[] {"-Werror"},
        source("com.acme.guard.Guard",
            "package com.acme.guard;",
            "import dev.herald.annotations.*;",
            "public interface Guard {",
            "  @Event(\"guard:implicit\")",
            "  record Implicit(int count) {}",
            "  @Event(\"guard:compact\")",
            "  record Compact(int count) {",
            "    public Compact {",
            "      if (count < 0) throw new IllegalArgumentException(\"negative\");",
            "    }",
            "  }",
            "  @Event(\"guard:explicit\")",
            "  record Explicit(int count) {",
            "    public Explicit(int count) {",
            "      this.count = Math.max(0, count);",
            "    }",
            "  }",
            "}"));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(codec(compilation, "Guard_ImplicitJsonCodec"))
        .doesNotContain("JsonSupport.rejected")
        .contains("return new Guard.Implicit(count);");
    assertThat(codec(compilation, "Guard_CompactJsonCodec"))
        .contains("throw JsonSupport.rejected(parser, e);");
    assertThat(codec(compilation, "Guard_ExplicitJsonCodec"))
        .contains("throw JsonSupport.rejected(parser, e);");
  }

  private static String codec(Compilation compilation, String simpleName) throws IOException {
    return compilation.generatedSourceFile("com.acme.guard." + simpleName).orElseThrow()
        .getCharContent(true).toString();
  }
}
