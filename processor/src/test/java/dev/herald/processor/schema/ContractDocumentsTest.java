package dev.herald.processor.schema;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.herald.processor.testing.Compiler.compile;
import static dev.herald.processor.testing.Compiler.source;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The JSON Schema and AsyncAPI resources of a compilation with the tricky shapes: nested and
 * self-referring records, enums, optionals, nullable values, maps with string and enum keys,
 * collections, {@code java.time} values, {@code @Sensitive} components, component Javadoc.
 */
class ContractDocumentsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  static final JavaFileObject NULLABLE = source("com.acme.shop.Nullable",
      "package com.acme.shop;",
      "",
      "import java.lang.annotation.ElementType;",
      "import java.lang.annotation.Target;",
      "",
      "@Target({ElementType.TYPE_USE, ElementType.RECORD_COMPONENT})",
      "public @interface Nullable {}");

  static final JavaFileObject SHOP = source("com.acme.shop.Shop",
      "package com.acme.shop;",
      "",
      "import dev.herald.annotations.Event;",
      "import dev.herald.annotations.Sensitive;",
      "import java.math.BigDecimal;",
      "import java.time.Duration;",
      "import java.time.Instant;",
      "import java.time.LocalDate;",
      "import java.time.OffsetDateTime;",
      "import java.util.List;",
      "import java.util.Map;",
      "import java.util.Optional;",
      "import java.util.Set;",
      "import java.util.UUID;",
      "",
      "public interface Shop {",
      "  enum Size { SMALL, LARGE }",
      "",
      "  /** Where parcels go. */",
      "  record Address(String city, @Sensitive String street) {}",
      "",
      "  /** A category, which may sit in another one. */",
      "  record Category(String name, @Nullable Category parent) {}",
      "",
      "  /**",
      "   * An order was placed.",
      "   *",
      "   * <p>Paid or not.",
      "   *",
      "   * @param id the order's id",
      "   * @param card the card number",
      "   */",
      "  @Event(\"order:placed\")",
      "  record OrderPlaced(UUID id, int quantity, long total, double weight, char grade,",
      "      boolean gift, Size size, Address shipTo, Optional<Address> billTo,",
      "      @Nullable String note, List<Category> categories, Set<@Nullable String> tags,",
      "      Map<String, BigDecimal> prices, Map<Size, Integer> stock, Instant at,",
      "      LocalDate day, OffsetDateTime local, Duration delay, byte[] blob,",
      "      @Sensitive String card) {}",
      "}");

  static final JavaFileObject DESK = source("com.acme.shop.Desk",
      "package com.acme.shop;",
      "",
      "import dev.herald.annotations.Delivery;",
      "import dev.herald.annotations.Subscribe;",
      "import dev.herald.runtime.Envelope;",
      "",
      "class Desk {",
      "  @Subscribe(delivery = Delivery.ORDERED, maxAttempts = 3)",
      "  void on(Shop.OrderPlaced order) {}",
      "",
      "  @Subscribe(\"order:#\")",
      "  void all(Envelope<?> any) {}",
      "}");

  private static JsonNode schema;
  private static JsonNode asyncApi;

  @BeforeAll
  static void compileTheShop() throws IOException {
    Compilation compilation = compile(new String[] {"-Aherald.asyncapi.version=1.2.3"},
        NULLABLE, SHOP, DESK);
    assertThat(compilation).succeeded();
    schema = resource(compilation, "META-INF/herald/schemas/order.placed/v1.json");
    asyncApi = resource(compilation, "META-INF/herald/asyncapi.json");
  }

  @Test
  void theRootDescribesTheEventFromItsJavadoc() {
    assertThat(schema.get("$schema").asText())
        .isEqualTo("https://json-schema.org/draft/2020-12/schema");
    assertThat(schema.get("$id").asText())
        .isEqualTo("classpath:/META-INF/herald/schemas/order.placed/v1.json");
    assertThat(schema.get("title").asText()).isEqualTo("Shop.OrderPlaced");
    assertThat(schema.get("description").asText()).isEqualTo("An order was placed. Paid or not.");
    assertThat(schema.at("/properties/id/description").asText()).isEqualTo("the order's id");
    assertThat(schema.get("additionalProperties").asBoolean()).isTrue();
    assertThat(names(schema.get("properties"))).containsExactly("id", "quantity", "total",
        "weight", "grade", "gift", "size", "shipTo", "billTo", "note", "categories", "tags",
        "prices", "stock", "at", "day", "local", "delay", "blob", "card");
  }

  @Test
  void requiredIsEveryComponentNeitherNullableNorOptional() {
    List<String> required = new ArrayList<>();
    schema.get("required").forEach(name -> required.add(name.asText()));

    assertThat(required).containsExactly("id", "quantity", "total", "weight", "grade", "gift",
        "size", "shipTo", "categories", "tags", "prices", "stock", "at", "day", "local", "delay",
        "blob", "card");
  }

  @Test
  void scalarsHaveTheirTypesRangesAndFormats() throws IOException {
    assertProperty("id",
        "{\"type\":\"string\",\"format\":\"uuid\",\"description\":\"the order's id\"}");
    assertProperty("quantity", "{\"type\":\"integer\",\"minimum\":-2147483648,"
        + "\"maximum\":2147483647}");
    assertProperty("total", "{\"type\":\"integer\",\"minimum\":-9223372036854775808,"
        + "\"maximum\":9223372036854775807}");
    assertProperty("weight", "{\"anyOf\":[{\"type\":\"number\"},"
        + "{\"type\":\"string\",\"enum\":[\"NaN\",\"Infinity\",\"-Infinity\"]}]}");
    assertProperty("grade", "{\"type\":\"string\",\"minLength\":1,\"maxLength\":1}");
    assertProperty("gift", "{\"type\":\"boolean\"}");
    assertProperty("size", "{\"type\":\"string\",\"enum\":[\"SMALL\",\"LARGE\"]}");
    assertProperty("note", "{\"type\":[\"string\",\"null\"]}");
    assertProperty("at", "{\"type\":\"string\",\"format\":\"date-time\"}");
    assertProperty("day", "{\"type\":\"string\",\"format\":\"date\"}");
    assertProperty("blob", "{\"type\":\"string\",\"contentEncoding\":\"base64\"}");
    assertThat(schema.at("/properties/local/pattern").asText()).startsWith("^").endsWith("$");
    assertThat(schema.at("/properties/delay/pattern").asText()).startsWith("^PT");
  }

  @Test
  void recordsAreDefsReachedByRefAndOptionalsMayBeNull() throws IOException {
    assertProperty("shipTo", "{\"$ref\":\"#/$defs/Shop.Address\"}");
    assertProperty("billTo",
        "{\"anyOf\":[{\"$ref\":\"#/$defs/Shop.Address\"},{\"type\":\"null\"}]}");
    assertProperty("categories",
        "{\"type\":\"array\",\"items\":{\"$ref\":\"#/$defs/Shop.Category\"}}");
    assertThat(names(schema.get("$defs"))).containsExactly("Shop.Address", "Shop.Category");
    assertThat(schema.at("/$defs/Shop.Address/description").asText())
        .isEqualTo("Where parcels go.");
    // A record that refers to itself refers to its own definition.
    assertThat(JSON.readTree(schema.at("/$defs/Shop.Category/properties/parent").toString()))
        .isEqualTo(JSON.readTree(
            "{\"anyOf\":[{\"$ref\":\"#/$defs/Shop.Category\"},{\"type\":\"null\"}]}"));
  }

  @Test
  void collectionsAndMapsDescribeTheirElements() throws IOException {
    assertProperty("tags", "{\"type\":\"array\",\"items\":{\"type\":[\"string\",\"null\"]}}");
    assertProperty("prices",
        "{\"type\":\"object\",\"additionalProperties\":{\"type\":\"number\"}}");
    assertProperty("stock", "{\"type\":\"object\","
        + "\"propertyNames\":{\"enum\":[\"SMALL\",\"LARGE\"]},"
        + "\"additionalProperties\":{\"type\":\"integer\",\"minimum\":-2147483648,"
        + "\"maximum\":2147483647}}");
  }

  @Test
  void sensitiveComponentsAreMarkedAtEveryDepth() {
    assertThat(schema.at("/properties/card/x-herald-sensitive").asBoolean()).isTrue();
    assertThat(schema.at("/properties/card/description").asText())
        .startsWith("the card number. Sensitive: shown as \"***\"");
    assertThat(schema.at("/$defs/Shop.Address/properties/street/x-herald-sensitive").asBoolean())
        .isTrue();
    assertThat(schema.at("/$defs/Shop.Address/properties/city").has("x-herald-sensitive"))
        .isFalse();
  }

  @Test
  void theAsyncApiDocumentReferencesSchemasInItsComponents() {
    assertThat(asyncApi.get("asyncapi").asText()).isEqualTo("3.0.0");
    assertThat(asyncApi.at("/info/version").asText()).isEqualTo("1.2.3");
    assertThat(asyncApi.at("/info/title").asText()).isEqualTo("com.acme.shop events");
    assertThat(asyncApi.at("/components/messages/order.placed.v1/payload/$ref").asText())
        .isEqualTo("#/components/schemas/Shop.OrderPlaced");
    assertThat(asyncApi.at("/components/schemas/Shop.OrderPlaced/properties/shipTo/$ref")
        .asText()).isEqualTo("#/components/schemas/Shop.Address");
    assertThat(asyncApi.at("/components/messages/order.placed.v1/summary").asText())
        .isEqualTo("An order was placed.");
  }

  @Test
  void subscribersBecomeReceiveOperationsWithTheirDelivery() {
    JsonNode typed = asyncApi.at("/operations/receive.Desk.on.order.placed");
    JsonNode pattern = asyncApi.at("/operations/receive.Desk.all.order.placed");

    assertThat(typed.get("x-herald-delivery").asText()).isEqualTo("ORDERED");
    assertThat(typed.at("/x-herald-subscriber/maxAttempts").asInt()).isEqualTo(3);
    assertThat(typed.at("/messages/0/$ref").asText())
        .isEqualTo("#/channels/order.placed/messages/order.placed.v1");
    assertThat(pattern.get("x-herald-delivery").asText()).isEqualTo("SYNC");
    assertThat(pattern.at("/x-herald-subscriber/patterns/0").asText()).isEqualTo("order:#");
    assertThat(asyncApi.at("/operations/send.order.placed/action").asText()).isEqualTo("send");
  }

  @Test
  void optionsTurnTheDocumentsOffOrMoveTheIds() throws IOException {
    Compilation off = compile(new String[] {"-Aherald.schemas=false"}, NULLABLE, SHOP);
    Compilation moved = compile(
        new String[] {"-Aherald.schemas.baseUri=https://schemas.acme.com/herald"}, NULLABLE, SHOP);

    assertThat(off).succeeded();
    assertThat(off.generatedFile(StandardLocation.CLASS_OUTPUT,
        "META-INF/herald/asyncapi.json")).isEmpty();
    assertThat(resource(moved, "META-INF/herald/schemas/order.placed/v1.json").get("$id").asText())
        .isEqualTo("https://schemas.acme.com/herald/schemas/order.placed/v1.json");
  }

  private static void assertProperty(String name, String expected) throws IOException {
    JsonNode actual = schema.at("/properties/" + name);
    assertThat(actual).as(name).isEqualTo(JSON.readTree(expected));
  }

  private static List<String> names(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static JsonNode resource(Compilation compilation, String path) throws IOException {
    JavaFileObject file = compilation.generatedFile(StandardLocation.CLASS_OUTPUT, path)
        .orElseThrow(() -> new AssertionError(path + " was not generated"));
    return JSON.readTree(file.getCharContent(true).toString());
  }
}
