package dev.herald.spring.boot.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.runtime.EventBus;
import dev.herald.spring.boot.autoconfigure.HeraldAutoConfiguration;
import dev.herald.spring.boot.autoconfigure.HeraldWebAutoConfiguration;
import dev.herald.spring.boot.fixtures.RoomBooked;
import dev.herald.web.Authenticator;
import dev.herald.web.WebBridge;
import dev.herald.web.WebPrincipal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The WebSocket bridge: deny by default, an Authenticator required, one real client. */
class HeraldWebAutoConfigurationTest {

  private static final Authenticator GUESTS = Authenticator.bearer(token ->
      token.equals("guest-token") ? Optional.of(WebPrincipal.of("guest", null))
          : Optional.empty());

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(HeraldAutoConfiguration.class,
          HeraldWebAutoConfiguration.class));

  @Test
  void offUnlessEnabledAndWithoutHeraldWeb() {
    runner.withPropertyValues("herald.web.outbound=room:*")
        .withBean(Authenticator.class, () -> GUESTS)
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(WebBridge.class));
    runner.withPropertyValues("herald.web.enabled=true", "herald.web.outbound=room:*")
        .withBean(Authenticator.class, () -> GUESTS)
        .withClassLoader(new FilteredClassLoader(WebBridge.class))
        .run(context -> assertThat(context).hasNotFailed()
            .doesNotHaveBean(WebBridgeServerLifecycle.class));
  }

  @Test
  void startUpFailsWithoutAnAuthenticatorOrAnAllowedEvent() {
    runner.withPropertyValues("herald.web.enabled=true", "herald.web.outbound=room:*")
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageContaining("no dev.herald.web.Authenticator bean"));
    runner.withPropertyValues("herald.web.enabled=true")
        .withBean(Authenticator.class, () -> GUESTS)
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageContaining("herald.web.outbound and herald.web.inbound name no event"));
    runner.withPropertyValues("herald.web.enabled=true", "herald.web.outbound=rooms:*")
        .withBean(Authenticator.class, () -> GUESTS)
        .run(context -> assertThat(context).hasFailed().getFailure()
            .hasMessageContaining("Invalid herald.web.outbound")
            .hasMessageContaining("rooms:*"));
  }

  @Test
  void anAuthenticatedClientReceivesAnAllowedEventAndAStrangerIsRefused() {
    runner.withPropertyValues("herald.web.enabled=true", "herald.web.port=0",
            "herald.web.outbound=room:*", "herald.web.path=/hotel-events")
        .withBean(Authenticator.class, () -> GUESTS)
        .run(context -> {
          assertThat(context).hasNotFailed();
          int port = context.getBean(WebBridgeServerLifecycle.class).port();
          HttpClient http = HttpClient.newHttpClient();
          Frames frames = new Frames();
          WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(
              "ws://127.0.0.1:" + port + "/hotel-events?access_token=guest-token"), frames)
              .get(10, TimeUnit.SECONDS);
          assertThat(frames.next()).contains("\"kind\":\"welcome\"");

          context.getBean(EventBus.class).publish(new RoomBooked("501"));
          assertThat(frames.next()).contains("\"type\":\"room:booked\"")
              .contains("\"roomId\":\"501\"");
          socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);

          assertThatThrownBy(() -> http.newWebSocketBuilder().buildAsync(URI.create(
              "ws://127.0.0.1:" + port + "/hotel-events?access_token=wrong"), new Frames())
              .get(10, TimeUnit.SECONDS))
              .isInstanceOf(ExecutionException.class)
              .cause().isInstanceOf(WebSocketHandshakeException.class)
              .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse()
                  .statusCode()).isEqualTo(401));
        });
  }

  /** Collects whole text frames. */
  private static final class Frames implements WebSocket.Listener {
    private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        frames.add(partial.toString());
        partial.setLength(0);
      }
      socket.request(1);
      return null;
    }

    String next() throws InterruptedException {
      String frame = frames.poll(10, TimeUnit.SECONDS);
      assertThat(frame).as("a frame within 10 s").isNotNull();
      return frame;
    }
  }
}
