package dev.herald.processor.codegen;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.herald.processor.testing.Compiler.source;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import dev.herald.processor.HeraldProcessor;
import dev.herald.processor.testing.FirstRoundWriter;
import dev.herald.processor.testing.InMemoryClassLoader;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventKey;
import dev.herald.runtime.generated.Catalog;
import dev.herald.runtime.generated.ListenerDispatcher;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records that wait for other processors, and listeners compiled against a contracts jar. */
class RoundsAndModulesTest {

  /** Stands for any processor that writes types in its first round, as AutoValue or Immutables do. */
  private static FirstRoundWriter money() {
    return new FirstRoundWriter()
        .writes("com.acme.gen.Money", "package com.acme.gen;\n"
            + "public record Money(long cents, String currency) {}\n")
        .writes("com.acme.gen.Refunded", "package com.acme.gen;\n"
            + "@dev.herald.annotations.Event(\"payment:refunded\")\n"
            + "public record Refunded(Money amount) {}\n");
  }

  @Test
  void recordsReferringToTypesGeneratedInALaterRoundAreProcessedThen() throws Exception {
    JavaFileObject paid = source("com.acme.Paid",
        "package com.acme;",
        "import dev.herald.annotations.*;",
        "import com.acme.gen.Money;",
        "@Event(\"payment:paid\")",
        "public record Paid(@OrderingKey String invoiceId, Money amount) {}");
    JavaFileObject listener = source("com.acme.Ledger",
        "package com.acme;",
        "import dev.herald.annotations.*;",
        "import com.acme.gen.Refunded;",
        "public class Ledger {",
        "  public Refunded last;",
        "  @Subscribe void on(Refunded refund) { last = refund; }",
        "}");
    Compilation compilation = Compiler.javac()
        .withProcessors(money(), new HeraldProcessor())
        .withOptions("-Xlint:all,-processing")
        .compile(paid, listener);
    assertThat(compilation).succeededWithoutWarnings();

    InMemoryClassLoader loader = InMemoryClassLoader.of(compilation);
    Class<?> eventMap = loader.load("com.acme.EventMap");
    @SuppressWarnings("unchecked")
    EventKey<Record> paidKey = (EventKey<Record>) eventMap.getField("PAYMENT_PAID").get(null);
    Object money = loader.load("com.acme.gen.Money").getDeclaredConstructors()[0]
        .newInstance(1999L, "EUR");
    Record payment = (Record) loader.load("com.acme.Paid").getDeclaredConstructors()[0]
        .newInstance("inv-1", money);
    assertThat(new String(paidKey.toJson(payment), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("{\"invoiceId\":\"inv-1\",\"amount\":{\"cents\":1999,\"currency\":\"EUR\"}}");
    assertThat(paidKey.fromJson(paidKey.toJson(payment))).isEqualTo(payment);
    assertThat(eventMap.getField("PAYMENT_REFUNDED")).isNotNull();
    assertThat(compilation).generatedSourceFile("com.acme.Ledger_HeraldDispatcher");
  }

  @Test
  void listenersCompileAgainstAContractsJarInAnotherModule(@TempDir Path dir) throws Exception {
    JavaFileObject events = source("com.acme.contracts.Orders",
        "package com.acme.contracts;",
        "import dev.herald.annotations.*;",
        "public interface Orders {",
        "  sealed interface OrderEvent permits Placed, Shipped {}",
        "  @Event(\"order:placed\") record Placed(@OrderingKey String orderId, int items)"
            + " implements OrderEvent {}",
        "  @Event(\"order:shipped\") record Shipped(String orderId) implements OrderEvent {}",
        "}");
    Compilation contracts = dev.herald.processor.testing.Compiler.compile(events);
    assertThat(contracts).succeededWithoutWarnings();
    Path contractsJar = dir.resolve("contracts");
    writeClassOutput(contracts, contractsJar);

    JavaFileObject listener = source("com.acme.shipping.Warehouse",
        "package com.acme.shipping;",
        "import com.acme.contracts.Orders.*;",
        "import dev.herald.annotations.*;",
        "import dev.herald.runtime.Envelope;",
        "import java.util.*;",
        "public class Warehouse {",
        "  public final List<String> seen = new ArrayList<>();",
        "  @Subscribe void placed(Placed p) { seen.add(\"placed \" + p.orderId()); }",
        "  @Subscribe void all(OrderEvent e) { seen.add(\"order \" + e.getClass().getSimpleName()); }",
        "  @Subscribe(\"order:*\") void named(Envelope<?> e) { seen.add(\"named \" + e.type()); }",
        "}");
    Compilation listeners = Compiler.javac()
        .withProcessors(new HeraldProcessor())
        .withOptions("-Xlint:all,-processing")
        .withClasspath(classPathWith(contractsJar))
        .compile(listener);
    assertThat(listeners).succeededWithoutWarnings();
    assertThat(listeners).generatedSourceFile("com.acme.shipping.Warehouse_HeraldDispatcher");
    assertThat(listeners).generatedSourceFile("com.acme.shipping.HeraldListenerCatalog");
    // The contracts jar already has the codecs and EventType; the listener module must not repeat them.
    assertThat(listeners.generatedSourceFiles()).extracting(JavaFileObject::getName)
        .noneMatch(name -> name.contains("JsonCodec") || name.contains("EventType"));

    try (URLClassLoader contractsLoader = new URLClassLoader(
        new URL[] {contractsJar.toUri().toURL()}, getClass().getClassLoader())) {
      Path listenersDir = dir.resolve("listeners");
      writeClassOutput(listeners, listenersDir);
      try (URLClassLoader listenerLoader =
          new URLClassLoader(new URL[] {listenersDir.toUri().toURL()}, contractsLoader)) {
        Catalog catalog = (Catalog) listenerLoader
            .loadClass("com.acme.shipping.HeraldListenerCatalog").getConstructor().newInstance();
        assertThat(catalog.events()).isEmpty();
        @SuppressWarnings("unchecked")
        ListenerDispatcher<Object> dispatcher =
            (ListenerDispatcher<Object>) catalog.dispatchers().get(0);
        Object warehouse = dispatcher.listenerType().getConstructor().newInstance();

        @SuppressWarnings("unchecked")
        EventKey<Record> placed = (EventKey<Record>) listenerLoader
            .loadClass("com.acme.contracts.EventMap").getField("ORDER_PLACED").get(null);
        Record order = (Record) listenerLoader.loadClass("com.acme.contracts.Orders$Placed")
            .getDeclaredConstructors()[0].newInstance("o-1", 2);
        Envelope<Record> envelope = Envelope.builder(placed, order).id("evt_1")
            .time(Instant.EPOCH).source("shop").build();
        for (var method : dispatcher.methods()) {
          method.invoker().invoke(warehouse, envelope);
        }
        @SuppressWarnings("unchecked")
        List<String> seen = (List<String>) warehouse.getClass().getField("seen").get(warehouse);
        assertThat(seen).containsExactly("placed o-1", "order Placed", "named order:placed");
        assertThat(dispatcher.methods().get(1).events()).extracting(Class::getSimpleName)
            .containsExactly("Placed", "Shipped");
      }
    }
  }

  private static List<java.io.File> classPathWith(Path extra) {
    List<java.io.File> path = new java.util.ArrayList<>();
    path.add(extra.toFile());
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      path.add(new java.io.File(entry));
    }
    return path;
  }

  /** Writes a compilation's class files and resources to a directory, as Maven would. */
  private static void writeClassOutput(Compilation compilation, Path dir) throws IOException {
    for (JavaFileObject file : compilation.generatedFiles()) {
      String path = file.toUri().getPath();
      int at = path.indexOf("CLASS_OUTPUT/");
      if (at < 0) {
        continue;
      }
      Path target = dir.resolve(path.substring(at + "CLASS_OUTPUT/".length()));
      Files.createDirectories(target.getParent());
      try (InputStream in = file.openInputStream()) {
        Files.copy(in, target);
      }
    }
  }
}
