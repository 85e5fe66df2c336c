package dev.herald.spring.boot.context;

import dev.herald.runtime.EventBus;
import dev.herald.runtime.Registration;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Ties a bus to the application context's life: when the context starts, every singleton bean whose
 * class has {@code @Subscribe} methods is {@linkplain EventBus#register(Object) registered} through
 * its generated dispatcher, then the bus {@linkplain EventBus#start() starts} receiving from its
 * transport; when the context stops, the bus closes (waiting for the deliveries under way, with the
 * listener beans still registered and alive), then the registrations are released, before Spring
 * destroys any bean.
 *
 * <p>Its {@linkplain #PHASE phase} is below the web server's and the task schedulers', so on
 * shutdown those stop publishing first, and on start-up the listeners are registered before the web
 * server takes requests. Events published while beans are still being created (from a constructor
 * or {@code @PostConstruct}) reach only the subscribers registered by then: publish from an
 * {@code ApplicationRunner} or an {@code ApplicationReadyEvent} listener instead.
 *
 * <p>A closed bus does not start again: stopping and restarting the context needs a new bus.
 */
public class HeraldLifecycle implements SmartLifecycle, BeanFactoryAware, BeanClassLoaderAware {

  /**
   * Below Boot's web server start/stop phase ({@code DEFAULT_PHASE - 2048}) and graceful shutdown
   * ({@code DEFAULT_PHASE - 1024}), and below the default phase of schedulers and message listener
   * containers.
   */
  public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

  private static final Logger log = LoggerFactory.getLogger(HeraldLifecycle.class);

  private final EventBus bus;
  private final boolean registerListenerBeans;
  private final Duration shutdownTimeout;
  private ListableBeanFactory beanFactory;
  private ClassLoader classLoader;
  private volatile Map<String, Registration> registrations = Map.of();
  private volatile boolean running;

  /**
   * @param bus the bus to start and close
   * @param registerListenerBeans whether to register the context's listener beans on it
   * @param shutdownTimeout how long closing waits for deliveries under way
   */
  public HeraldLifecycle(EventBus bus, boolean registerListenerBeans, Duration shutdownTimeout) {
    this.bus = Objects.requireNonNull(bus, "bus");
    this.registerListenerBeans = registerListenerBeans;
    this.shutdownTimeout = Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
  }

  @Override
  public void setBeanFactory(BeanFactory beanFactory) {
    if (!(beanFactory instanceof ListableBeanFactory listable)) {
      throw new IllegalStateException("HeraldLifecycle needs a ListableBeanFactory to find the"
          + " listener beans, got " + beanFactory.getClass().getName());
    }
    this.beanFactory = listable;
  }

  @Override
  public void setBeanClassLoader(ClassLoader classLoader) {
    this.classLoader = classLoader;
  }

  @Override
  public void start() {
    if (registerListenerBeans) {
      registrations = Collections.unmodifiableMap(registerListenerBeans());
    }
    bus.start();
    running = true;
  }

  private Map<String, Registration> registerListenerBeans() {
    ListenerTypes types = ListenerTypes.of(classLoader);
    Map<String, Registration> registered = new LinkedHashMap<>();
    if (types.isEmpty()) {
      return registered;
    }
    // Singletons only, and no factory bean initialised just to learn its type.
    for (String name : beanFactory.getBeanNamesForType(Object.class, false, false)) {
      if (ScopedProxyUtils.isScopedTarget(name)) {
        continue; // its scoped proxy is the bean users see
      }
      Class<?> type = beanFactory.getType(name, false);
      if (type != null && types.isListener(type)) {
        registered.put(name, bus.register(beanFactory.getBean(name)));
      }
    }
    log.info("EventBus '{}' registered {} listener beans: {}", bus.source(), registered.size(),
        registered.keySet());
    return registered;
  }

  @Override
  public void stop() {
    running = false;
    if (!bus.close(shutdownTimeout)) {
      log.warn("EventBus '{}' closed with deliveries unfinished after {}; they were dead-lettered"
          + " (herald.shutdown.timeout sets the wait)", bus.source(), shutdownTimeout);
    }
    for (Registration registration : registrations.values()) {
      registration.cancel();
    }
    registrations = Map.of();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }

  /** The listener beans registered on the bus, by bean name, while the context runs. */
  public Map<String, Registration> registrations() {
    return registrations;
  }
}
