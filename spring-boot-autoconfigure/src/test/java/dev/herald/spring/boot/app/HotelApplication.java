package dev.herald.spring.boot.app;

import dev.herald.spring.boot.fixtures.Frontdesk;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** A small real application: a listener bean, a transactional service, a SQLite database. */
@SpringBootApplication
public class HotelApplication {

  /** A listener bean: registered on the bus because its class has @Subscribe methods. */
  @Bean
  Frontdesk frontdesk() {
    return new Frontdesk();
  }
}
