package dev.herald.spring.boot.autoconfigure;

import dev.herald.web.SlowClientPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code herald.web.*}: herald-web's WebSocket bridge, served by its own Jetty server on a port of
 * its own. Nothing goes out or comes in that these properties do not name.
 */
@ConfigurationProperties("herald.web")
public class HeraldWebProperties {

  /**
   * Whether the WebSocket bridge is served (needs herald-web, an Authenticator bean and at least
   * one outbound or inbound pattern). Off unless set.
   */
  private boolean enabled;

  /** The interface the bridge's server listens on; 0.0.0.0 for all. */
  private String host = "127.0.0.1";

  /** The port of the bridge's own server (not Boot's web server); 0 picks a free one. */
  private int port = 8081;

  /** The WebSocket's path. */
  private String path = "/events";

  /** Events clients may receive, as names or patterns (task:*); each must match an event. */
  private List<String> outbound = new ArrayList<>();

  /** Events clients may publish, as names or patterns; none by default. */
  private List<String> inbound = new ArrayList<>();

  /** Frames each client may have waiting before the slow-client policy applies. */
  private int bufferSize = 1024;

  /**
   * What happens to a client whose buffer is full: DROP_OLDEST (with a "dropped" notice) or CLOSE
   * (code 4008).
   */
  private SlowClientPolicy slowClientPolicy = SlowClientPolicy.DROP_OLDEST;

  /** How often clients are pinged. */
  private Duration heartbeat = Duration.ofSeconds(20);

  /** How long a silent client stays connected. */
  private Duration idleTimeout = Duration.ofSeconds(60);

  /** How many recent events a reconnecting client can resume from (?lastEventId=). */
  private int resumeWindow = 10_000;

  /** The largest inbound frame, in bytes. */
  private int maxInboundBytes = 65_536;

  /** Inbound frames per second and client. */
  private int inboundRate = 50;

  /** The value of {@code herald.web.enabled}. */
  public boolean isEnabled() {
    return enabled;
  }

  /** Sets {@code herald.web.enabled}. */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /** The value of {@code herald.web.host}. */
  public String getHost() {
    return host;
  }

  /** Sets {@code herald.web.host}. */
  public void setHost(String host) {
    this.host = host;
  }

  /** The value of {@code herald.web.port}. */
  public int getPort() {
    return port;
  }

  /** Sets {@code herald.web.port}. */
  public void setPort(int port) {
    this.port = port;
  }

  /** The value of {@code herald.web.path}. */
  public String getPath() {
    return path;
  }

  /** Sets {@code herald.web.path}. */
  public void setPath(String path) {
    this.path = path;
  }

  /** The value of {@code herald.web.outbound}. */
  public List<String> getOutbound() {
    return outbound;
  }

  /** Sets {@code herald.web.outbound}. */
  public void setOutbound(List<String> outbound) {
    this.outbound = outbound;
  }

  /** The value of {@code herald.web.inbound}. */
  public List<String> getInbound() {
    return inbound;
  }

  /** Sets {@code herald.web.inbound}. */
  public void setInbound(List<String> inbound) {
    this.inbound = inbound;
  }

  /** The value of {@code herald.web.buffer-size}. */
  public int getBufferSize() {
    return bufferSize;
  }

  /** Sets {@code herald.web.buffer-size}. */
  public void setBufferSize(int bufferSize) {
    this.bufferSize = bufferSize;
  }

  /** The value of {@code herald.web.slow-client-policy}. */
  public SlowClientPolicy getSlowClientPolicy() {
    return slowClientPolicy;
  }

  /** Sets {@code herald.web.slow-client-policy}. */
  public void setSlowClientPolicy(SlowClientPolicy slowClientPolicy) {
    this.slowClientPolicy = slowClientPolicy;
  }

  /** The value of {@code herald.web.heartbeat}. */
  public Duration getHeartbeat() {
    return heartbeat;
  }

  /** Sets {@code herald.web.heartbeat}. */
  public void setHeartbeat(Duration heartbeat) {
    this.heartbeat = heartbeat;
  }

  /** The value of {@code herald.web.idle-timeout}. */
  public Duration getIdleTimeout() {
    return idleTimeout;
  }

  /** Sets {@code herald.web.idle-timeout}. */
  public void setIdleTimeout(Duration idleTimeout) {
    this.idleTimeout = idleTimeout;
  }

  /** The value of {@code herald.web.resume-window}. */
  public int getResumeWindow() {
    return resumeWindow;
  }

  /** Sets {@code herald.web.resume-window}. */
  public void setResumeWindow(int resumeWindow) {
    this.resumeWindow = resumeWindow;
  }

  /** The value of {@code herald.web.max-inbound-bytes}. */
  public int getMaxInboundBytes() {
    return maxInboundBytes;
  }

  /** Sets {@code herald.web.max-inbound-bytes}. */
  public void setMaxInboundBytes(int maxInboundBytes) {
    this.maxInboundBytes = maxInboundBytes;
  }

  /** The value of {@code herald.web.inbound-rate}. */
  public int getInboundRate() {
    return inboundRate;
  }

  /** Sets {@code herald.web.inbound-rate}. */
  public void setInboundRate(int inboundRate) {
    this.inboundRate = inboundRate;
  }
}
