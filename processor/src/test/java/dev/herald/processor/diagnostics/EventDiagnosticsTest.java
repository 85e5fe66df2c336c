package dev.herald.processor.diagnostics;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.herald.processor.testing.Compiler.assertClean;
import static dev.herald.processor.testing.Compiler.assertSingleError;
import static dev.herald.processor.testing.Compiler.compile;
import static dev.herald.processor.testing.Compiler.source;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Every rule about {@code @Event} records, one compile error (or its absence) each. */
class EventDiagnosticsTest {

  @Test
  void aValidEventCompilesWithoutAnyWarning() {
    assertClean(compile(source("com.acme.Placed",
        "package com.acme;",
        "import dev.herald.annotations.*;",
        "/** An order was placed. */",
        "@Event(\"order:placed\")",
        "public record Placed(@OrderingKey String orderId, int items) {}")));
  }

  @Test
  void eventMustBeARecord() {
    JavaFileObject file = source("com.acme.Placed",
        "package com.acme;",
        "import dev.herald.annotations.Event;",
        "@Event(\"order:placed\")",
        "public final class Placed {}");
    Compilation compilation = compile(file);
    assertSingleError(compilation, Message.EVENT_NOT_RECORD, file, "@Event(\"order:placed\")");
    assertThat(compilation).hadErrorContaining("@Event Placed is a class, not a record");
    assertThat(compilation).hadErrorContaining("declare it as 'record Placed(...)'");
  }

  @Test
  void interfacesAreNamedAsSuch() {
    JavaFileObject file = source("com.acme.Placed",
        "package com.acme;",
        "import dev.herald.annotations.Event;",
        "@Event(\"order:placed\")",
        "public interface Placed {}");
    Compilation compilation = compile(file);
    assertSingleError(compilation, Message.EVENT_NOT_RECORD, file, "@Event(\"order:placed\")");
    assertThat(compilation).hadErrorContaining("is an interface, not a record");
  }

  @Test
  void eventMustNotBeGeneric() {
    JavaFileObject file = source("com.acme.Placed",
        "package com.acme;",
        "import dev.herald.annotations.Event;",
        "@Event(\"order:placed\")",
        "public record Placed<T>(T item) {}");
    Compilation compilation = compile(file);
    assertSingleError(compilation, Message.EVENT_GENERIC, file, "public record Placed<T>");
    assertThat(compilation).hadErrorContaining("replace the type parameters <T>");
  }

  @Test
  void eventMustNotBePrivate() {
    JavaFileObject file = source("com.acme.Orders",
        "package com.acme;",
        "import dev.herald.annotations.Event;",
        "public class Orders {",
        "  @Event(\"order:placed\")",
        "  private record Placed(String id) {}",
        "}");
    Compilation compilation = compile(file);
    assertSingleError(compilation, Message.EVENT_PRIVATE, file, "private record Placed");
    assertThat(compilation).hadErrorContaining("make it package-private or public");
  }

  @Test
  void eventNameMustFollowTheGrammar() {
    JavaFileObject file = source("com.acme.Placed",
        "package com.acme;",
        "import dev.herald.annotations.Event;",
        "@Event(\"Order:Placed\")",
        "public record Placed(String id) {}");
    Compilation compilation = compile(file);
    assertSingleError(compilation, Message.EVENT_NAME_INVALID, file, "@Event(\"Order:Placed\")");
    assertThat(compilation).hadErrorContaining(
        "segment 'Order' has the upper-case letter 'O'; write 'order'");
  }

  @Test
  void eventNameMustNotHaveEmptySegments() {
    JavaFileObject file = source("com.acme.Placed",
        "package com.acme;",
        "import dev.herald.annotations.Event;",
        "@Event(\"order::placed\")",
        "public record Placed(String id) {}");
    Compilation compilation = compile(file);
    assertSingleError(compilation, Message.EVENT_NAME_INVALID, file, "order::placed");
    assertThat(compilation).hadErrorContaining("empty segment");
  }

  @Test
  void eventNameMustNotUseWildcards() {
    JavaFileObject file = source("com.acme.Placed",
        "package com.acme;",
        "import dev.herald.annotations.Event;",
        "@Event(\"order:*\")",
        "public record Placed(String id) {}");
    Compilation compilation = compile(file);
    assertSingleError(compilation, Message.EVENT_NAME_INVALID, file, "order:*");
    assertThat(compilation).hadErrorContaining("allowed in patterns only");
  }

  @Test
  void heraldNamespaceIsReserved() {
    JavaFileObject file = source("com.acme.Failed",
        "package com.acme;",
        "import dev.herald.annotations.Event;",
        "@Event(\"herald:delivery-failed\")",
        "public record Failed(String id) {}");
    assertSingleError(compile(file), Message.EVENT_NAME_RESERVED, file, "herald:delivery-failed");
  }

  @Test
  void versionStartsAtOne() {
    JavaFileObject file = source("com.acme.Placed",
        "package com.acme;",
        "import dev.herald.annotations.Event;",
        "@Event(value = \"order:placed\", version = 0)",
        "public record Placed(String id) {}");
    Compilation compilation = compile(file);
    assertSingleError(compilation, Message.EVENT_VERSION_INVALID, file, "version = 0");
    assertThat(compilation).hadErrorContaining("@Event version 0 on Placed is below 1");
  }

  @Test
  void nameAndVersionAreUnique() {
    JavaFileObject first = source("com.acme.Placed",
        "package com.acme;",
        "import dev.herald.annotations.Event;",
        "@Event(\"order:placed\")",
        "public record Placed(String id) {}");
    JavaFileObject second = source("com.acme.PlacedAgain",
        "package com.acme;",
        "import dev.herald.annotations.Event;",
        "@Event(\"order:placed\")",
        "public record PlacedAgain(String id) {}");
    Compilation compilation = compile(first, second);
    assertSingleError(compilation, Message.EVENT_DUPLICATE, second, "public record PlacedAgain");
    assertThat(compilation).hadErrorContaining(
        "Event \"order:placed\" version 1 is declared twice, by com.acme.Placed and by"
            + " com.acme.PlacedAgain");
  }

  @Test
  void aNewVersionOfTheSameNameIsFine() {
    assertClean(compile(
        source("com.acme.Placed",
            "package com.acme;",
            "import dev.herald.annotations.Event;",
            "@Event(\"order:placed\")",
            "public record Placed(String id) {}"),
        source("com.acme.PlacedV2",
            "package com.acme;",
            "import dev.herald.annotations.*;",
            "@Event(value = \"order:placed\", version = 2)",
            "public record PlacedV2(String id, @DefaultValue(\"1\") int items) {}")));
  }

  @Test
  void namesMustNotCollideAsConstants() {
    JavaFileObject first = source("com.acme.A",
        "package com.acme;",
        "import dev.herald.annotations.Event;",
        "@Event(\"order:placed\")",
        "public record A(String id) {}");
    JavaFileObject second = source("com.acme.B",
        "package com.acme;",
        "import dev.herald.annotations.Event;",
        "@Event(\"order.placed\")",
        "public record B(String id) {}");
    Compilation compilation = compile(first, second);
    assertSingleError(compilation, Message.EVENT_CONSTANT_CLASH, second, "public record B");
    assertThat(compilation).hadErrorContaining("both become the EventType constant ORDER_PLACED");
  }

  @Test
  void atMostOneOrderingKey() {
    JavaFileObject file = source("com.acme.Moved",
        "package com.acme;",
        "import dev.herald.annotations.*;",
        "@Event(\"stock:moved\")",
        "public record Moved(@OrderingKey String from,",
        "    @OrderingKey String to) {}");
    Compilation compilation = compile(file);
    assertSingleError(compilation, Message.ORDERING_KEY_DUPLICATE, file, "@OrderingKey String to");
    assertThat(compilation).hadErrorContaining("@OrderingKey is on both 'from' and 'to' of Moved");
  }

  @Test
  void orderingKeyNeedsStableEquality() {
    JavaFileObject file = source("com.acme.Moved",
        "package com.acme;",
        "import dev.herald.annotations.*;",
        "import java.util.List;",
        "@Event(\"stock:moved\")",
        "public record Moved(@OrderingKey List<String> skus) {}");
    Compilation compilation = compile(file);
    assertSingleError(compilation, Message.ORDERING_KEY_TYPE, file, "@OrderingKey List<String>");
    assertThat(compilation).hadErrorContaining("has type java.util.List<java.lang.String>");
  }

  @Test
  void enumsUuidsAndPrimitivesAreOrderingKeys() {
    assertClean(compile(source("com.acme.Keys",
        "package com.acme;",
        "import dev.herald.annotations.*;",
        "import java.util.UUID;",
        "public interface Keys {",
        "  enum Room { A, B }",
        "  @Event(\"k:one\") record One(@OrderingKey Room room) {}",
        "  @Event(\"k:two\") record Two(@OrderingKey UUID id) {}",
        "  @Event(\"k:three\") record Three(@OrderingKey long id) {}",
        "}")));
  }

  @Test
  void eventsOutsideTheContractsPackageMustBePublic() {
    JavaFileObject info = source("com.acme.contracts.package-info",
        "@dev.herald.annotations.EventContracts",
        "package com.acme.contracts;");
    JavaFileObject event = source("com.acme.orders.Placed",
        "package com.acme.orders;",
        "import dev.herald.annotations.Event;",
        "@Event(\"order:placed\")",
        "record Placed(String id) {}");
    Compilation compilation = compile(info, event);
    assertSingleError(compilation, Message.EVENT_INACCESSIBLE, event, "record Placed");
    assertThat(compilation).hadErrorContaining("not accessible from the contracts package"
        + " 'com.acme.contracts'");
  }

  @Test
  void oneContractsPackagePerCompilation() {
    JavaFileObject first = source("com.acme.a.package-info",
        "@dev.herald.annotations.EventContracts",
        "package com.acme.a;");
    JavaFileObject second = source("com.acme.b.package-info",
        "@dev.herald.annotations.EventContracts",
        "package com.acme.b;");
    JavaFileObject event = source("com.acme.a.Placed",
        "package com.acme.a;",
        "import dev.herald.annotations.Event;",
        "@Event(\"order:placed\")",
        "public record Placed(String id) {}");
    Compilation compilation = compile(first, second, event);
    assertSingleError(compilation, Message.CONTRACTS_PACKAGE_DUPLICATE, second, "package com.acme.b");
    assertThat(compilation).hadErrorContaining("[" + Message.CONTRACTS_PACKAGE_DUPLICATE.code()
        + "] @EventContracts is on both 'com.acme.a' and 'com.acme.b'");
  }

  @Test
  void eventsWithoutACommonPackageNeedEventContracts() {
    JavaFileObject first = source("com.acme.Placed",
        "package com.acme;",
        "import dev.herald.annotations.Event;",
        "@Event(\"order:placed\")",
        "public record Placed(String id) {}");
    JavaFileObject second = source("org.other.Shipped",
        "package org.other;",
        "import dev.herald.annotations.Event;",
        "@Event(\"order:shipped\")",
        "public record Shipped(String id) {}");
    Compilation compilation = compile(first, second);
    assertSingleError(compilation, Message.CONTRACTS_PACKAGE_UNNAMED, first, "public record Placed");
  }

  @Test
  void anErrorInOneEventAbandonsThatEventOnly() {
    JavaFileObject bad = source("com.acme.Bad",
        "package com.acme;",
        "import dev.herald.annotations.Event;",
        "@Event(\"BAD\")",
        "public record Bad(String id) {}");
    JavaFileObject good = source("com.acme.Good",
        "package com.acme;",
        "import dev.herald.annotations.Event;",
        "@Event(\"good\")",
        "public record Good(String id) {}");
    Compilation compilation = compile(bad, good);
    // One error and no follow-up errors: Good still compiled, its codec included.
    assertSingleError(compilation, Message.EVENT_NAME_INVALID, bad, "@Event(\"BAD\")");
  }
}
