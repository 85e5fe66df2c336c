package dev.herald.sample.boot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The sample: {@code mvn -q -pl spring-boot-sample spring-boot:run}, or run this class. */
@SpringBootApplication
public class HotelApplication {

  public static void main(String[] args) {
    SpringApplication.run(HotelApplication.class, args);
  }
}
