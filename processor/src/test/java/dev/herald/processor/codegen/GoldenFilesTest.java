package dev.herald.processor.codegen;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.herald.processor.testing.Compiler.compile;
import static dev.herald.processor.testing.Compiler.source;

import com.google.testing.compile.Compilation;
import dev.herald.processor.testing.Golden;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One representative generated source of each kind, compared with a reviewed golden copy. */
class GoldenFilesTest {

  private static Compilation compilation;

  @BeforeAll
  static void compileHotel() {
    compilation = compile(
        source("com.acme.hotel.events.package-info",
            "@dev.herald.annotations.EventContracts",
            "package com.acme.hotel.events;"),
        source("com.acme.hotel.events.Tasks",
            "package com.acme.hotel.events;",
            "import dev.herald.annotations.*;",
            "import java.time.Instant;",
            "public interface Tasks {",
            "  sealed interface TaskEvent permits TaskCreated, TaskAssigned {}",
            "  /** A task for hotel staff was opened. */",
            "  @Event(value = \"task:created\", critical = true, persist = true)",
            "  record TaskCreated(@OrderingKey String taskId, String title, Instant dueAt)",
            "      implements TaskEvent {}",
            "  /** A task was given to a staff member. */",
            "  @Event(value = \"task:assigned\", version = 2, logPayload = false)",
            "  record TaskAssigned(@OrderingKey String taskId, String staffId) implements TaskEvent {}",
            "}"),
        source("com.acme.hotel.desk.FrontDesk",
            "package com.acme.hotel.desk;",
            "import com.acme.hotel.events.Tasks.*;",
            "import dev.herald.annotations.*;",
            "import dev.herald.runtime.Envelope;",
            "import java.util.concurrent.CompletionStage;",
            "class FrontDesk {",
            "  @Subscribe void on(TaskCreated task) {}",
            "  @Subscribe(priority = 10) void audit(Envelope<TaskAssigned> task) {}",
            "  @Subscribe(delivery = Delivery.ORDERED, maxAttempts = 5, backoffMillis = 200)",
            "  CompletionStage<Void> board(TaskEvent task) { return null; }",
            "  @Subscribe(value = \"task:*\", delivery = Delivery.ASYNC, timeoutMillis = 2000)",
            "  void any(Envelope<?> event) {}",
            "}"));
    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void eventType() {
    Golden.assertMatches(compilation, "com.acme.hotel.events.EventType", "EventType.java");
  }

  @Test
  void eventMap() {
    Golden.assertMatches(compilation, "com.acme.hotel.events.EventMap", "EventMap.java");
  }

  @Test
  void dispatcher() {
    Golden.assertMatches(compilation, "com.acme.hotel.desk.FrontDesk_HeraldDispatcher",
        "FrontDesk_HeraldDispatcher.java");
  }

  @Test
  void catalog() {
    Golden.assertMatches(compilation, "com.acme.hotel.events.HeraldCatalog", "HeraldCatalog.java");
  }
}
