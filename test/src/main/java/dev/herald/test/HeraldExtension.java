package dev.herald.test;

import dev.herald.runtime.EventBus;
import dev.herald.runtime.RetryPolicy;
import java.lang.reflect.AnnotatedElement;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that gives each test a fresh {@link EventBus} and an {@link EventRecorder}
 * attached to it, and checks after the test that the bus was left clean.
 *
 * <pre>{@code
 * @ExtendWith(HeraldExtension.class)
 * class FrontDeskTest {
 *   @Test
 *   void assignsEveryTask(EventBus bus, EventRecorder recorder) {
 *     bus.register(new FrontDesk(bus));
 *     bus.publish(new TaskCreated("t1", "Towels"));
 *     recorder.await(EventMap.TASK_ASSIGNED, Duration.ofSeconds(5));
 *   }
 * }
 *
 * // or, to configure the bus:
 * @RegisterExtension
 * static HeraldExtension herald = HeraldExtension.withBus(b -> b.source("front-desk"));
 * }</pre>
 *
 * <p><b>Injection.</b> Parameters of type {@code EventBus} and {@code EventRecorder} of
 * {@code @Test}, {@code @BeforeEach} and {@code @AfterEach} methods are resolved. The bus is built
 * when a test first asks for either, from {@code EventBus.builder().source("test")} (catalogs
 * discovered as usual) and the configuration given to {@link #withBus}; the recorder is attached at
 * once, so it sees every event of that bus. Within one test, every parameter gets the same bus and
 * recorder; no two tests share them, so tests may run in parallel.
 *
 * <p><b>After each test</b> (after its {@code @AfterEach} methods) the extension waits up to
 * {@link #idleTimeout(Duration) the idle timeout} (default 5 seconds) for asynchronous deliveries
 * and retries to finish, then closes the bus. The test fails if deliveries were still unfinished,
 * or if the test produced dead letters, unless dead letters were allowed with
 * {@link AllowDeadLetters @AllowDeadLetters} on the test method or its class, or with
 * {@link #allowDeadLetters()}. The failure message lists the deliveries and letters concerned.
 *
 * <p>Instances are immutable; the configuring methods return new ones.
 */
public final class HeraldExtension implements ParameterResolver, AfterEachCallback {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(HeraldExtension.class);
  private static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(5);

  private final Consumer<? super EventBus.Builder> configuration;
  private final boolean deadLettersAllowed;
  private final Duration idleTimeout;

  /** The extension with a default bus, for {@code @ExtendWith(HeraldExtension.class)}. */
  public HeraldExtension() {
    this(builder -> {}, false, DEFAULT_IDLE_TIMEOUT);
  }

  private HeraldExtension(Consumer<? super EventBus.Builder> configuration,
      boolean deadLettersAllowed, Duration idleTimeout) {
    this.configuration = configuration;
    this.deadLettersAllowed = deadLettersAllowed;
    this.idleTimeout = idleTimeout;
  }

  /**
   * An extension whose buses {@code configuration} sets up, e.g.
   * {@code withBus(b -> b.source("billing").retry(RetryPolicy.none()))}. It is applied to a builder
   * whose source is already {@code test}, once per test.
   */
  public static HeraldExtension withBus(Consumer<? super EventBus.Builder> configuration) {
    return new HeraldExtension(Objects.requireNonNull(configuration, "configuration"), false,
        DEFAULT_IDLE_TIMEOUT);
  }

  /** This extension, letting every test it serves end with dead letters. */
  public HeraldExtension allowDeadLetters() {
    return new HeraldExtension(configuration, true, idleTimeout);
  }

  /** This extension, waiting up to {@code timeout} after each test for the bus to become idle. */
  public HeraldExtension idleTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("The idle timeout must not be negative, got " + timeout);
    }
    return new HeraldExtension(configuration, deadLettersAllowed, timeout);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == EventBus.class || type == EventRecorder.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    if (context.getTestMethod().isEmpty()) {
      throw new ParameterResolutionException("HeraldExtension makes one EventBus per test, so it"
          + " injects EventBus and EventRecorder into @Test, @BeforeEach and @AfterEach methods"
          + " only, not into " + parameter.getDeclaringExecutable());
    }
    TestBus testBus = testBus(context);
    return parameter.getParameter().getType() == EventBus.class
        ? testBus.bus()
        : testBus.recorder();
  }

  private TestBus testBus(ExtensionContext context) {
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    TestBus testBus = store.get(TestBus.class, TestBus.class);
    if (testBus == null) { // one test's methods resolve their parameters one after another
      EventBus.Builder builder = EventBus.builder().source("test");
      configuration.accept(builder);
      testBus = TestBus.start(builder.build());
      store.put(TestBus.class, testBus);
    }
    return testBus;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    TestBus testBus = context.getStore(NAMESPACE).remove(TestBus.class, TestBus.class);
    if (testBus == null) {
      return; // the test asked for no bus
    }
    List<String> problems = testBus.finish(idleTimeout, deadLettersAllowed || allowedHere(context));
    if (!problems.isEmpty()) {
      throw new AssertionError(String.join("\n\n", problems));
    }
  }

  /** Whether the test method, its class or an enclosing test class has {@code @AllowDeadLetters}. */
  private static boolean allowedHere(ExtensionContext context) {
    for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent();
        c = c.get().getParent()) {
      Optional<AnnotatedElement> element = c.get().getElement();
      if (element.isPresent() && element.get().isAnnotationPresent(AllowDeadLetters.class)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "HeraldExtension[idleTimeout " + Report.duration(idleTimeout)
        + (deadLettersAllowed ? ", dead letters allowed" : "") + "]";
  }
}
