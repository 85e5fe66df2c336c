package dev.herald.spring.boot.autoconfigure;

import dev.herald.annotations.EventNames;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.EventKey;
import dev.herald.spring.boot.web.WebBridgeServerLifecycle;
import dev.herald.web.Authenticator;
import dev.herald.web.ClientFilter;
import dev.herald.web.ConnectionListener;
import dev.herald.web.HeraldWebServer;
import dev.herald.web.WebBridge;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * herald-web's WebSocket {@link WebBridge}, from {@code herald.web.*}, served on its own
 * {@link HeraldWebServer} (not Boot's web server) at {@code herald.web.host:port/path}. On with
 * {@code herald.web.enabled=true} when herald-web is present. Deny by default: only the events
 * {@code herald.web.outbound} names go out, only those {@code herald.web.inbound} names come in,
 * and the application's {@link Authenticator} bean decides who connects (start-up fails without
 * one). Optional {@link ClientFilter} and {@link ConnectionListener} beans are used. A
 * {@code WebBridge} bean of the application's replaces the configured one.
 */
@AutoConfiguration(after = HeraldAutoConfiguration.class)
@ConditionalOnClass({WebBridge.class, HeraldWebServer.class})
@ConditionalOnBean(EventBus.class)
@ConditionalOnBooleanProperty(name = "herald.web.enabled")
@EnableConfigurationProperties(HeraldWebProperties.class)
public class HeraldWebAutoConfiguration {

  /** The bridge; it hears the bus from now on and is closed with its server. */
  @Bean
  @ConditionalOnMissingBean
  public WebBridge heraldWebBridge(EventBus bus, HeraldWebProperties properties,
      ObjectProvider<Authenticator> authenticator, ObjectProvider<ClientFilter> filter,
      ObjectProvider<ConnectionListener> listener) {
    Authenticator who = authenticator.getIfAvailable();
    if (who == null) {
      throw new IllegalStateException("herald.web.enabled=true, but the context has no"
          + " dev.herald.web.Authenticator bean: the WebSocket bridge has no anonymous access."
          + " Declare one, e.g. @Bean Authenticator heraldWebAuthenticator() { return"
          + " Authenticator.bearer(token -> sessions.principal(token)); }, or set"
          + " herald.web.enabled=false");
    }
    if (properties.getOutbound().isEmpty() && properties.getInbound().isEmpty()) {
      throw new IllegalStateException("herald.web.enabled=true, but herald.web.outbound and"
          + " herald.web.inbound name no event: the bridge lets nothing through by default. Name"
          + " the events clients may receive, e.g. herald.web.outbound=task:*,note:added");
    }
    WebBridge.Builder builder = WebBridge.builder(bus).authenticator(who);
    for (String pattern : properties.getOutbound()) {
      apply("herald.web.outbound", () -> builder.outboundMatching(pattern));
    }
    for (String pattern : properties.getInbound()) {
      apply("herald.web.inbound", () -> builder.inbound(matching(bus, pattern)));
    }
    filter.ifAvailable(builder::filter);
    listener.ifAvailable(builder::listener);
    apply("herald.web.buffer-size", () -> builder.buffer(properties.getBufferSize(),
        properties.getSlowClientPolicy()));
    apply("herald.web.heartbeat", () -> builder.heartbeat(properties.getHeartbeat()));
    apply("herald.web.idle-timeout", () -> builder.idleTimeout(properties.getIdleTimeout()));
    apply("herald.web.resume-window", () -> builder.resumeWindow(properties.getResumeWindow()));
    apply("herald.web.max-inbound-bytes",
        () -> builder.maxInboundBytes(properties.getMaxInboundBytes()));
    apply("herald.web.inbound-rate", () -> builder.inboundRate(properties.getInboundRate()));
    return builder.build();
  }

  /** Serves the bridge while the context runs. */
  @Bean
  @ConditionalOnMissingBean
  public WebBridgeServerLifecycle heraldWebBridgeServer(WebBridge bridge,
      HeraldWebProperties properties) {
    String path = properties.getPath();
    apply("herald.web.path", () -> {
      if (path == null || !path.startsWith("/")) {
        throw new IllegalArgumentException("the path must start with /, got " + path);
      }
    });
    apply("herald.web.port", () -> {
      if (properties.getPort() < 0 || properties.getPort() > 65_535) {
        throw new IllegalArgumentException("the port must be 0-65535, got " + properties.getPort());
      }
    });
    return new WebBridgeServerLifecycle(bridge, properties.getHost(), properties.getPort(), path);
  }

  private static EventKey<?>[] matching(EventBus bus, String pattern) {
    EventNames.requireValidPattern(pattern);
    List<EventKey<?>> keys = bus.events().stream()
        .filter(key -> EventNames.matches(pattern, key.name())).toList();
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("\"" + pattern + "\" matches none of the bus's "
          + bus.events().size() + " events; check the pattern");
    }
    return keys.toArray(EventKey<?>[]::new);
  }

  private static void apply(String property, Runnable setting) {
    try {
      setting.run();
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalStateException("Invalid " + property + ": " + e.getMessage()
          + "; correct it in the application's configuration", e);
    }
  }
}
