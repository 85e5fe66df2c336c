package dev.herald.sample.events;

import dev.herald.annotations.Event;
import java.util.List;

/** The concierge system started. */
@Event("system:startup")
public record SystemStartup(String version, Environment environment, Config config) {

  /** Where the system runs. */
  public enum Environment {
    DEVELOPMENT,
    STAGING,
    PRODUCTION
  }

  /** What the system started with. */
  public record Config(List<Channel> channels, String aiProvider, List<String> features) {}
}
