package dev.herald.processor.codegen;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.herald.processor.testing.Compiler.compile;
import static dev.herald.processor.testing.Compiler.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.testing.compile.Compilation;
import dev.herald.annotations.Delivery;
import dev.herald.processor.testing.InMemoryClassLoader;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventDescriptor;
import dev.herald.runtime.EventKey;
import dev.herald.runtime.generated.Catalog;
import dev.herald.runtime.generated.ListenerDispatcher;
import dev.herald.runtime.generated.ListenerMethod;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Compiles a small hotel in memory and runs what the processor generated for it. */
class GeneratedContractsTest {

  private static final JavaFileObject EVENTS = source("com.acme.hotel.Hotel",
      "package com.acme.hotel;",
      "import dev.herald.annotations.*;",
      "public interface Hotel {",
      "  sealed interface TaskEvent permits TaskCreated, TaskDone {}",
      "  /** A task was opened. It has more to say. */",
      "  @Event(value = \"task:created\", critical = true, persist = true)",
      "  record TaskCreated(@OrderingKey String taskId, int priority) implements TaskEvent {}",
      "  /** A task was closed. */",
      "  @Event(value = \"task:done\", logPayload = false)",
      "  record TaskDone(String taskId) implements TaskEvent {}",
      "  @Event(value = \"task:done\", version = 2)",
      "  record TaskDoneV2(String taskId, @DefaultValue(\"staff\") String by) {}",
      "  @Event(\"guest.checked-in\")",
      "  record CheckedIn(String guestId) {}",
      "}");

  private static final JavaFileObject LISTENER = source("com.acme.hotel.desk.Desk",
      "package com.acme.hotel.desk;",
      "import com.acme.hotel.Hotel.*;",
      "import dev.herald.annotations.*;",
      "import dev.herald.runtime.Envelope;",
      "import java.util.*;",
      "import java.util.concurrent.*;",
      "public class Desk {",
      "  public final List<String> seen = new ArrayList<>();",
      "  @Subscribe void created(TaskCreated e) { seen.add(\"created \" + e.taskId()); }",
      "  @Subscribe(priority = 10, delivery = Delivery.ORDERED, maxAttempts = 3, backoffMillis = 50,"
          + " maxBackoffMillis = 400, timeoutMillis = 900)",
      "  CompletionStage<String> audit(Envelope<TaskCreated> e) {",
      "    seen.add(\"audit \" + e.id());",
      "    return CompletableFuture.completedFuture(e.id());",
      "  }",
      "  @Subscribe void anyTask(TaskEvent e) { seen.add(\"task \" + e); }",
      "  @Subscribe(\"guest.*\") void guests(Envelope<?> e) { seen.add(\"guest \" + e.type()); }",
      "  @Subscribe void fails(TaskDone e) throws Exception { throw new Exception(\"boom\"); }",
      "}");

  private static InMemoryClassLoader loader;
  private static Compilation compilation;

  @BeforeAll
  static void compileHotel() {
    compilation = compile(EVENTS, LISTENER);
    assertThat(compilation).succeededWithoutWarnings();
    loader = InMemoryClassLoader.of(compilation);
  }

  @Test
  void eventTypeHasOneConstantPerEventSortedByName() throws Exception {
    Class<?> eventType = loader.load("com.acme.hotel.EventType");
    assertThat(eventType.isEnum()).isTrue();
    assertThat(constants(eventType)).extracting(Enum::name)
        .containsExactly("GUEST_CHECKED_IN", "TASK_CREATED", "TASK_DONE", "TASK_DONE_V2");
  }

  @Test
  void eventTypeCarriesNameVersionClassFlagsAndDescription() throws Exception {
    EventDescriptor created = (EventDescriptor) constant("com.acme.hotel.EventType", "TASK_CREATED");
    assertThat(created.eventName()).isEqualTo("task:created");
    assertThat(created.version()).isEqualTo(1);
    assertThat(created.payloadType().getName()).isEqualTo("com.acme.hotel.Hotel$TaskCreated");
    assertThat(created.critical()).isTrue();
    assertThat(created.persist()).isTrue();
    assertThat(created.logPayload()).isTrue();
    assertThat(created.description()).isEqualTo("A task was opened.");

    EventDescriptor done = (EventDescriptor) constant("com.acme.hotel.EventType", "TASK_DONE");
    assertThat(done.critical()).isFalse();
    assertThat(done.logPayload()).isFalse();
    assertThat(done.description()).isEqualTo("A task was closed.");
    EventDescriptor checkedIn =
        (EventDescriptor) constant("com.acme.hotel.EventType", "GUEST_CHECKED_IN");
    assertThat(checkedIn.description()).isEmpty();
  }

  @Test
  void eventTypeLooksUpNamesAndVersions() throws Exception {
    Class<?> eventType = loader.load("com.acme.hotel.EventType");
    assertThat(eventType.getMethod("of", String.class).invoke(null, "task:done"))
        .isEqualTo(constant("com.acme.hotel.EventType", "TASK_DONE_V2"));
    assertThat(eventType.getMethod("of", String.class, int.class).invoke(null, "task:done", 1))
        .isEqualTo(constant("com.acme.hotel.EventType", "TASK_DONE"));
    assertThat(eventType.getMethod("find", String.class).invoke(null, "task:nope"))
        .isEqualTo(Optional.empty());
    assertThatThrownBy(() -> eventType.getMethod("of", String.class).invoke(null, "task:nope"))
        .isInstanceOf(InvocationTargetException.class)
        .cause()
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("No event named \"task:nope\"")
        .hasMessageContaining("known events: guest.checked-in, task:created, task:done");
    assertThatThrownBy(() -> eventType.getMethod("of", String.class, int.class)
            .invoke(null, "task:done", 3))
        .cause()
        .hasMessageContaining("in version 3");
  }

  @Test
  @SuppressWarnings("unchecked")
  void eventMapHoldsTypedKeysThatAgreeWithEventType() throws Exception {
    Class<?> eventMap = loader.load("com.acme.hotel.EventMap");
    EventKey<?> key = (EventKey<?>) eventMap.getField("TASK_CREATED").get(null);
    EventDescriptor created = (EventDescriptor) constant("com.acme.hotel.EventType", "TASK_CREATED");
    assertThat(key.descriptor()).isSameAs(created);
    assertThat(created.key()).isSameAs(key);
    assertThat(key.name()).isEqualTo("task:created");
    assertThat(key.payloadType().getName()).isEqualTo("com.acme.hotel.Hotel$TaskCreated");
    assertThat(eventMap.getField("TASK_CREATED").getGenericType().getTypeName())
        .isEqualTo("dev.herald.runtime.EventKey<com.acme.hotel.Hotel$TaskCreated>");

    assertThat(eventMap.getMethod("of", Class.class).invoke(null, key.payloadType())).isSameAs(key);
    assertThat(eventMap.getMethod("find", Class.class).invoke(null, String.class))
        .isEqualTo(Optional.empty());
    assertThatThrownBy(() -> eventMap.getMethod("of", Class.class).invoke(null, String.class))
        .cause()
        .hasMessageContaining("No event of this compilation has payload java.lang.String");
    assertThat((List<Object>) eventMap.getMethod("keys").invoke(null)).hasSize(4).contains(key);
  }

  @Test
  void orderingKeyComesFromTheAnnotatedComponentElseTheType() throws Exception {
    EventKey<Record> created = key("TASK_CREATED");
    Record task = newRecord("com.acme.hotel.Hotel$TaskCreated", "t-7", 3);
    assertThat(created.hasOrderingKey()).isTrue();
    assertThat(created.orderingKeyOf(task)).isEqualTo("t-7");

    EventKey<Record> checkedIn = key("GUEST_CHECKED_IN");
    assertThat(checkedIn.hasOrderingKey()).isFalse();
    assertThat(checkedIn.orderingKeyOf(newRecord("com.acme.hotel.Hotel$CheckedIn", "g-1")))
        .isSameAs(checkedIn);
  }

  @Test
  void keysRoundTripPayloadsThroughTheGeneratedCodec() throws Exception {
    EventKey<Record> created = key("TASK_CREATED");
    Record task = newRecord("com.acme.hotel.Hotel$TaskCreated", "t-7", 3);
    byte[] json = created.toJson(task);
    assertThat(new String(json, StandardCharsets.UTF_8))
        .isEqualTo("{\"taskId\":\"t-7\",\"priority\":3}");
    assertThat(created.fromJson(json)).isEqualTo(task);
  }

  @Test
  void catalogIsRegisteredForServiceLoaderAndListsEventsAndDispatchers() throws Exception {
    assertThat(compilation)
        .generatedFile(StandardLocation.CLASS_OUTPUT, "META-INF/services/dev.herald.runtime.generated.Catalog")
        .contentsAsUtf8String()
        .isEqualTo("com.acme.hotel.HeraldCatalog\n");
    Catalog catalog = (Catalog) loader.load("com.acme.hotel.HeraldCatalog")
        .getConstructor().newInstance();
    assertThat(catalog.events()).extracting(EventDescriptor::eventName)
        .containsExactly("guest.checked-in", "task:created", "task:done", "task:done");
    assertThat(catalog.dispatchers()).extracting(d -> d.listenerType().getName())
        .containsExactly("com.acme.hotel.desk.Desk");
  }

  @Test
  void dispatcherDescribesEveryMethodInSourceOrder() throws Exception {
    ListenerDispatcher<Object> dispatcher = dispatcher();
    assertThat(dispatcher.methods()).extracting(ListenerMethod::name).containsExactly(
        "created(TaskCreated)", "audit(Envelope<TaskCreated>)", "anyTask(TaskEvent)",
        "guests(Envelope<?>)", "fails(TaskDone)");

    ListenerMethod<Object> created = dispatcher.methods().get(0);
    assertThat(created.parameter()).isEqualTo(ListenerMethod.Parameter.PAYLOAD);
    assertThat(created.events()).extracting(Class::getSimpleName).containsExactly("TaskCreated");
    assertThat(created.patterns()).isEmpty();
    assertThat(created.delivery()).isEqualTo(Delivery.SYNC);
    assertThat(created.priority()).isZero();
    assertThat(created.maxAttempts()).isZero();
    assertThat(created.timeout()).isEqualTo(Duration.ZERO);

    ListenerMethod<Object> audit = dispatcher.methods().get(1);
    assertThat(audit.parameter()).isEqualTo(ListenerMethod.Parameter.ENVELOPE);
    assertThat(audit.priority()).isEqualTo(10);
    assertThat(audit.delivery()).isEqualTo(Delivery.ORDERED);
    assertThat(audit.maxAttempts()).isEqualTo(3);
    assertThat(audit.backoff()).isEqualTo(Duration.ofMillis(50));
    assertThat(audit.maxBackoff()).isEqualTo(Duration.ofMillis(400));
    assertThat(audit.timeout()).isEqualTo(Duration.ofMillis(900));

    assertThat(dispatcher.methods().get(2).events()).extracting(Class::getSimpleName)
        .containsExactly("TaskCreated", "TaskDone");
    assertThat(dispatcher.methods().get(3).patterns()).containsExactly("guest.*");
    assertThat(dispatcher.methods().get(3).events()).isEmpty();
  }

  @Test
  void dispatcherCallsTheMethodsWithPayloadOrEnvelope() throws Exception {
    ListenerDispatcher<Object> dispatcher = dispatcher();
    Object desk = dispatcher.listenerType().getConstructor().newInstance();
    Envelope<Record> created =
        envelope("TASK_CREATED", newRecord("com.acme.hotel.Hotel$TaskCreated", "t-1", 1));
    Envelope<Record> checkedIn =
        envelope("GUEST_CHECKED_IN", newRecord("com.acme.hotel.Hotel$CheckedIn", "g-1"));

    assertThat(dispatcher.methods().get(0).invoker().invoke(desk, created)).isNull();
    CompletionStage<?> audited = dispatcher.methods().get(1).invoker().invoke(desk, created);
    assertThat(audited.toCompletableFuture().get()).isEqualTo("evt_TASK_CREATED");
    dispatcher.methods().get(2).invoker().invoke(desk, created);
    dispatcher.methods().get(3).invoker().invoke(desk, checkedIn);

    @SuppressWarnings("unchecked")
    List<String> seen = (List<String>) desk.getClass().getField("seen").get(desk);
    assertThat(seen).containsExactly("created t-1", "audit evt_TASK_CREATED",
        "task TaskCreated[taskId=t-1, priority=1]", "guest guest.checked-in");
  }

  @Test
  void aDispatcherWhoseMethodsAllReturnStagesCompilesCleanly() throws Exception {
    JavaFileObject async = source("com.acme.hotel.desk.Async",
        "package com.acme.hotel.desk;",
        "import com.acme.hotel.Hotel.*;",
        "import dev.herald.annotations.Subscribe;",
        "import java.util.concurrent.CompletableFuture;",
        "import java.util.concurrent.CompletionStage;",
        "public class Async {",
        "  @Subscribe CompletionStage<String> created(TaskCreated e) {",
        "    return CompletableFuture.completedFuture(e.taskId());",
        "  }",
        "}");
    Compilation compilation = compile(EVENTS, async);
    assertThat(compilation).succeededWithoutWarnings();
    InMemoryClassLoader classes = InMemoryClassLoader.of(compilation);
    @SuppressWarnings("unchecked")
    ListenerDispatcher<Object> dispatcher = (ListenerDispatcher<Object>) classes.instance(
        "com.acme.hotel.desk.Async_HeraldDispatcher");
    Object listener = classes.load("com.acme.hotel.desk.Async").getDeclaredConstructor()
        .newInstance();
    assertThat(dispatcher.methods()).hasSize(1);
    assertThatThrownBy(() -> dispatcher.invoke(1, listener, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no listener method number 1");
  }

  @Test
  void listenerExceptionsReachTheCaller() throws Exception {
    ListenerDispatcher<Object> dispatcher = dispatcher();
    Object desk = dispatcher.listenerType().getConstructor().newInstance();
    Envelope<Record> done = envelope("TASK_DONE", newRecord("com.acme.hotel.Hotel$TaskDone", "t-1"));
    assertThatThrownBy(() -> dispatcher.methods().get(4).invoker().invoke(desk, done))
        .isInstanceOf(Exception.class)
        .hasMessage("boom");
  }

  @Test
  void generatedTypesAreMarkedGenerated() {
    for (String type : List.of("com.acme.hotel.EventType", "com.acme.hotel.EventMap",
        "com.acme.hotel.HeraldCatalog", "com.acme.hotel.desk.Desk_HeraldDispatcher")) {
      assertThat(compilation).generatedSourceFile(type).contentsAsUtf8String()
          .containsMatch("@Generated\\(\\s+value = \"dev.herald.processor.HeraldProcessor\"");
    }
  }

  @SuppressWarnings("unchecked")
  private static ListenerDispatcher<Object> dispatcher() {
    return (ListenerDispatcher<Object>) loader.instance("com.acme.hotel.desk.Desk_HeraldDispatcher");
  }

  private static Envelope<Record> envelope(String constant, Record payload) throws Exception {
    return Envelope.builder(key(constant), payload).id("evt_" + constant).time(Instant.EPOCH)
        .source("test").build();
  }

  @SuppressWarnings("unchecked")
  private static EventKey<Record> key(String constant) throws Exception {
    return (EventKey<Record>) loader.load("com.acme.hotel.EventMap").getField(constant).get(null);
  }

  private static Record newRecord(String className, Object... components) throws Exception {
    Class<?> type = loader.load(className);
    return (Record) type.getDeclaredConstructors()[0].newInstance(components);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object constant(String enumName, String constant) {
    return Enum.valueOf((Class) loader.load(enumName), constant);
  }

  private static Enum<?>[] constants(Class<?> enumType) {
    return (Enum<?>[]) enumType.getEnumConstants();
  }
}
