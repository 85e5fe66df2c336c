package dev.herald.bench.redis;

import dev.herald.bench.payload.OrderPlaced;
import dev.herald.bench.payload.Samples;
import dev.herald.redis.RedisTransport;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.EventKey;
import dev.herald.runtime.SubscribeOptions;
import dev.herald.runtime.wire.CloudEvents;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A load driver for herald-redis on a redis-server of its own (127.0.0.1, a free port, no
 * persistence; {@code redis-server} and {@code redis-benchmark} must be installed):
 *
 * <ol>
 *   <li>the ceiling, the anchor of every ratio: {@code redis-benchmark -P 16 -c 50 XADD} (its
 *       default 50 connections, 16 commands pipelined on each) with a value the size of one
 *       envelope's CloudEvents JSON, measured before and after the Herald runs, the higher kept (the
 *       machine's load moves); and the same unpipelined ({@code -P 1});
 *   <li>plain Lettuce: {@code XADD}s from several threads each awaiting its reply (what
 *       {@code publish} does), and the whole publish, consume, acknowledge cycle without Herald:
 *       pipelined {@code XADD}s, {@code XREADGROUP} batches and one {@code XACK} per batch;
 *   <li>throughput: publishers on several threads and a consumer bus reading batches of 256, timed
 *       from the first publish to the last acknowledgement ({@code XPENDING} empty), three ways:
 *       {@code publish} (each waits for Redis's reply), {@code publishAsync} (up to the transport's
 *       bound in flight) and {@code publishAll} of 256 at a time; and a filled stream consumed;
 *   <li>latency: one publisher at a fixed rate (default 10,000/s), parking between events,
 *       end-to-end from the envelope's time (the system clock, to the microsecond) to the
 *       subscriber, p50/p99/p99.9/max, with {@code publish} and with {@code publishAsync}.
 * </ol>
 *
 * <p>Each run prints the processor time it cost per event, in this JVM and in redis-server. The
 * last lines are one {@code redis.<name>=<number>} per figure, for {@code benchmarks/Report.java};
 * {@code -Dbench.redisOut=<path>} writes them to a file too. Rates are per second, latencies in
 * milliseconds, {@code ofCeiling} a fraction of {@code redis.ceiling.xaddPerSecond}; {@code
 * redis.latency.*} is {@code publish}'s, {@code redis.latency.publishAsync.*} the other's.
 *
 * <pre>
 * mvn -q package -DskipTests -pl processor,benchmarks -am
 * java -cp benchmarks/target/classes:$(cat benchmarks/target/classpath.txt) \
 *     [-Dbench.redisOut=redis.properties] \
 *     dev.herald.bench.redis.RedisLoadDriver [events=200000] [threads=16] [rate=10000] [seconds=10]
 * </pre>
 */
public final class RedisLoadDriver {

  /**
   * The one event the driver sends. Without it, the transports would carry every event of the
   * benchmarks' catalogs (the start-up benchmark's 500 among them), and each consumer's
   * {@code XREADGROUP} would name 500 streams.
   */
  private static final String CARRIED = "order:placed";

  /** The anchor's pipeline depth ({@code redis-benchmark -P}). */
  static final int PIPELINE = 16;
  /** The anchor's connections ({@code redis-benchmark -c}, its default). */
  static final int CLIENTS = 50;
  /** Events per {@code publishAll}. */
  static final int BATCH = 256;

  private RedisLoadDriver() {}

  public static void main(String[] args) throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    int rate = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
    int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 10;
    int port = freePort();
    Process server = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind",
        "127.0.0.1", "--save", "", "--appendonly", "no").redirectErrorStream(true)
        .redirectOutput(new File("/dev/null")).start();
    Map<String, Number> results = new LinkedHashMap<>();
    try {
      awaitPing(port);
      String uri = "redis://127.0.0.1:" + port;
      EventKey<OrderPlaced> key = EventBus.builder().build().keyOf(OrderPlaced.class).orElseThrow();
      int size = CloudEvents.of(List.of(key)).toJson(dev.herald.runtime.Envelope.builder(key,
          Samples.order(1)).id("evt_0123456789abcdef0123456789").time(Instant.now()).source("bench")
          .build()).length;
      System.out.printf("redis-server %s on port %d; one envelope is %d bytes of JSON%n",
          version(), port, size);
      Cpu cpu = new Cpu(server.pid());

      Cpu.Mark mark = cpu.mark();
      double ceilingBefore = redisBenchmark(port, events, PIPELINE, size);
      Cpu.Mark ceilingCpu = cpu.since(mark);
      double unpipelined = redisBenchmark(port, Math.min(events, 50_000), 1, size);
      System.out.printf("ceiling: redis-benchmark XADD -P %d -c %d: %,.0f/s (redis-server %s);"
              + " -P 1: %,.0f/s%n", PIPELINE, CLIENTS, ceilingBefore,
          ceilingCpu.perEvent(events, false), unpipelined);
      flush(uri);
      double lettuce = rawLettuce(uri, events, threads, size);
      System.out.printf("plain Lettuce XADD from %d threads, each waiting for its reply (what"
          + " publish does, without Herald): %,.0f/s%n", threads, lettuce);
      flush(uri);

      rawPipelined(uri, Math.min(events, 50_000), size); // warm-up
      flush(uri);
      double lettucePipelined = rawPipelined(uri, events, size);
      flush(uri);

      // Warm-up, then the measured runs.
      throughput(uri, "warm", Math.min(events, 50_000), threads, Publishing.PIPELINED, cpu);
      flush(uri);
      Map<Publishing, Double> rates = new EnumMap<>(Publishing.class);
      for (Publishing publishing : Publishing.values()) {
        rates.put(publishing, throughput(uri, "run", events, threads, publishing, cpu));
        flush(uri);
      }
      double consumeOnly = consumeOnly(uri, events, threads, cpu);
      flush(uri);
      // Measured again after the runs, and the higher one kept: the machine's load moves.
      double ceilingAfter = redisBenchmark(port, events, PIPELINE, size);
      flush(uri);
      double ceiling = Math.max(ceilingBefore, ceilingAfter);
      System.out.printf("ceiling after the runs: %,.0f/s; the higher, %,.0f/s, is the anchor%n",
          ceilingAfter, ceiling);
      System.out.printf("plain Lettuce pipelined XADD->XREADGROUP->XACK (the same commands,"
              + " without Herald): %,.0f/s = %.1f%% of the pipelined XADD ceiling%n",
          lettucePipelined, 100 * lettucePipelined / ceiling);
      for (Publishing publishing : Publishing.values()) {
        double perSecond = rates.get(publishing);
        System.out.printf("herald-redis %s->consume->ack: %,.0f events/s with %d publisher"
                + " threads = %.1f%% of the pipelined XADD ceiling, %.0f%% of plain Lettuce doing"
                + " the same, %.0f%% of the unpipelined XADD%n", publishing.call, perSecond,
            threads, 100 * perSecond / ceiling, 100 * perSecond / lettucePipelined,
            100 * perSecond / unpipelined);
      }
      System.out.printf("herald-redis consume->ack of a filled stream: %,.0f events/s = %.1f%% of"
          + " the pipelined XADD ceiling%n", consumeOnly, 100 * consumeOnly / ceiling);

      Map<Publishing, long[]> latencies = new EnumMap<>(Publishing.class);
      for (Publishing publishing : List.of(Publishing.AWAITED, Publishing.PIPELINED)) {
        long[] micros = latency(uri, rate, seconds, publishing);
        Arrays.sort(micros);
        latencies.put(publishing, micros);
        System.out.printf("end-to-end latency with %s at %,d events/s for %d s (%,d events): p50"
                + " %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms%n", publishing.call, rate,
            seconds, micros.length, percentile(micros, 0.50) / 1e3,
            percentile(micros, 0.99) / 1e3, percentile(micros, 0.999) / 1e3,
            micros[micros.length - 1] / 1e3);
        flush(uri);
      }

      results.put("redis.valueBytes", size);
      results.put("redis.ceiling.xaddPerSecond", round(ceiling));
      results.put("redis.ceiling.pipeline", PIPELINE);
      results.put("redis.ceiling.clients", CLIENTS);
      results.put("redis.ceiling.unpipelinedXaddPerSecond", round(unpipelined));
      results.put("redis.lettuce.awaitedXaddPerSecond", round(lettuce));
      results.put("redis.lettuce.pipelinedEventsPerSecond", round(lettucePipelined));
      results.put("redis.lettuce.pipelinedOfCeiling",
          Math.round(1000 * lettucePipelined / ceiling) / 1000.0);
      results.put("redis.threads", threads);
      for (Publishing publishing : Publishing.values()) {
        results.put("redis." + publishing.key + ".eventsPerSecond", round(rates.get(publishing)));
        results.put("redis." + publishing.key + ".ofCeiling",
            Math.round(1000 * rates.get(publishing) / ceiling) / 1000.0);
      }
      results.put("redis.publishAll.batch", BATCH);
      results.put("redis.consumeOnly.eventsPerSecond", round(consumeOnly));
      results.put("redis.consumeOnly.ofCeiling", Math.round(1000 * consumeOnly / ceiling) / 1000.0);
      results.put("redis.latency.rate", rate);
      for (Publishing publishing : List.of(Publishing.AWAITED, Publishing.PIPELINED)) {
        long[] micros = latencies.get(publishing);
        String prefix = publishing == Publishing.AWAITED ? "redis.latency."
            : "redis.latency." + publishing.key + ".";
        results.put(prefix + "p50Millis", millis(percentile(micros, 0.50)));
        results.put(prefix + "p99Millis", millis(percentile(micros, 0.99)));
        results.put(prefix + "p999Millis", millis(percentile(micros, 0.999)));
        results.put(prefix + "maxMillis", millis(micros[micros.length - 1]));
      }
    } finally {
      server.destroyForcibly();
      server.waitFor(10, TimeUnit.SECONDS);
    }
    report(results);
  }

  /** Prints the {@code redis.<name>=<number>} block, and writes it to {@code bench.redisOut}. */
  private static void report(Map<String, Number> results) throws IOException {
    StringBuilder block = new StringBuilder();
    results.forEach((name, value) -> block.append(name).append('=').append(value).append('\n'));
    System.out.println("--- results (redis.<name>=<number>) ---");
    System.out.print(block);
    String out = System.getProperty("bench.redisOut");
    if (out != null && !out.isBlank()) {
      Files.writeString(Path.of(out), block, StandardCharsets.UTF_8);
      System.out.println("written to " + out);
    }
  }

  private static long round(double perSecond) {
    return Math.round(perSecond);
  }

  private static double millis(double micros) {
    return Math.round(micros / 10) / 100.0;
  }

  /** How the publishers hand events to the bus. */
  private enum Publishing {
    /** {@code publish}: each waits for Redis's reply. */
    AWAITED("publish", "publish"),
    /** {@code publishAsync}: pipelined, up to the transport's bound in flight. */
    PIPELINED("publishAsync", "publishAsync"),
    /** {@code publishAll} of {@link #BATCH} at a time: pipelined, awaited per batch. */
    BATCHED("publishAll(" + BATCH + ")", "publishAll");

    final String call;
    /** The name in the results block. */
    final String key;

    Publishing(String call, String key) {
      this.call = call;
      this.key = key;
    }
  }

  private static double throughput(String uri, String label, int events, int threads,
      Publishing publishing, Cpu cpu) throws Exception {
    AtomicInteger consumed = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(1);
    RedisTransport in = RedisTransport.builder().uri(uri).namespace(label).carries(CARRIED).batchSize(256)
        .maxInFlight(4096).blockTime(Duration.ofMillis(100)).build();
    RedisTransport out = RedisTransport.builder().uri(uri).namespace(label).carries(CARRIED).consumes().build();
    try (EventBus consumer = EventBus.builder().source("consumer").transport(in).build();
        EventBus publisher = EventBus.builder().source("publisher").transport(out).build()) {
      consumer.subscribe(OrderPlaced.class, order -> {
        if (consumed.incrementAndGet() == events) {
          done.countDown();
        }
      });
      consumer.start();
      List<OrderPlaced> orders = new ArrayList<>();
      for (int i = 0; i < 1024; i++) {
        orders.add(Samples.order(i));
      }
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      AtomicInteger next = new AtomicInteger();
      Cpu.Mark mark = cpu.mark();
      long start = System.nanoTime();
      for (int t = 0; t < threads; t++) {
        pool.execute(() -> publish(publisher, orders, next, events, publishing));
      }
      pool.shutdown();
      pool.awaitTermination(10, TimeUnit.MINUTES);
      long published = System.nanoTime();
      if (!done.await(5, TimeUnit.MINUTES)) {
        throw new IllegalStateException("consumed only " + consumed.get() + " of " + events);
      }
      awaitAcknowledged(uri, label + ":stream:order:placed", "consumer");
      long end = System.nanoTime();
      double seconds = (end - start) / 1e9;
      System.out.printf("  %s %s: %,d events published in %.2f s (%,.0f/s), consumed and"
              + " acknowledged in %.2f s: %,.0f/s; %s%n", label, publishing.call, events,
          (published - start) / 1e9, events / ((published - start) / 1e9), seconds,
          events / seconds, cpu.since(mark).perEvent(events, true));
      return events / seconds;
    }
  }

  /** Publishes events {@code next} hands out until {@code events}, as {@code publishing} says. */
  private static void publish(EventBus publisher, List<OrderPlaced> orders, AtomicInteger next,
      int events, Publishing publishing) {
    switch (publishing) {
      case AWAITED -> {
        for (int n; (n = next.getAndIncrement()) < events; ) {
          publisher.publish(orders.get(n & 1023));
        }
      }
      case PIPELINED -> {
        CompletableFuture<?> last = CompletableFuture.completedFuture(null);
        for (int n; (n = next.getAndIncrement()) < events; ) {
          last = publisher.publishAsync(orders.get(n & 1023)).toCompletableFuture();
        }
        last.join(); // a thread's events reach Redis in order: its last one comes back last
      }
      case BATCHED -> {
        List<OrderPlaced> batch = new ArrayList<>(BATCH);
        for (int n; (n = next.getAndAdd(BATCH)) < events; ) {
          batch.clear();
          for (int i = n; i < Math.min(n + BATCH, events); i++) {
            batch.add(orders.get(i & 1023));
          }
          publisher.publishAll(batch);
        }
      }
    }
  }

  /** The same calls as publish makes, without a bus: the Lettuce client's own rate. */
  private static double rawLettuce(String uri, int events, int threads, int size) throws Exception {
    RedisClient client = RedisClient.create(uri);
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      String value = "v".repeat(size);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      AtomicInteger next = new AtomicInteger();
      long start = System.nanoTime();
      for (int t = 0; t < threads; t++) {
        pool.execute(() -> {
          for (int n; (n = next.getAndIncrement()) < events; ) {
            try {
              connection.async().xadd("raw", java.util.Map.of("type", "order:placed", "event", value))
                  .get();
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          }
        });
      }
      pool.shutdown();
      pool.awaitTermination(10, TimeUnit.MINUTES);
      return events / ((System.nanoTime() - start) / 1e9);
    } finally {
      client.shutdown();
    }
  }

  /**
   * The same commands as herald-redis sends, from plain Lettuce and without a bus: one thread
   * appends one envelope's JSON (encoded once) in pipelined batches of {@link #BATCH}, at most two
   * unanswered, while another reads batches of {@link #BATCH} with {@code XREADGROUP} and
   * acknowledges each with one {@code XACK}, not awaited; timed from the first append to the last
   * acknowledgement. What Redis and the client cost for this work, without JSON and dispatch.
   */
  private static double rawPipelined(String uri, int events, int size) throws Exception {
    RedisClient client = RedisClient.create(uri);
    try (StatefulRedisConnection<String, String> writer = client.connect();
        StatefulRedisConnection<String, String> reader = client.connect()) {
      String stream = "raw:pipelined";
      reader.sync().xgroupCreate(XReadArgs.StreamOffset.from(stream, "0-0"), "raw",
          XGroupCreateArgs.Builder.mkstream());
      Map<String, String> body = Map.of("type", "order:placed", "event", "v".repeat(size));
      long start = System.nanoTime();
      Thread appender = new Thread(() -> {
        writer.setAutoFlushCommands(false);
        RedisFuture<String> previous = null;
        for (int n = 0; n < events; ) {
          RedisFuture<String> last = null;
          for (int end = Math.min(events, n + BATCH); n < end; n++) {
            last = writer.async().xadd(stream, body);
          }
          writer.flushCommands();
          if (previous != null) {
            join(previous);
          }
          previous = last;
        }
        join(previous);
      });
      appender.start();
      Consumer<String> me = Consumer.from("raw", "reader");
      XReadArgs read = XReadArgs.Builder.count(BATCH).block(100);
      for (int acknowledged = 0; acknowledged < events; ) {
        List<StreamMessage<String, String>> batch =
            reader.sync().xreadgroup(me, read, XReadArgs.StreamOffset.lastConsumed(stream));
        if (!batch.isEmpty()) {
          reader.async().xack(stream, "raw",
              batch.stream().map(StreamMessage::getId).toArray(String[]::new));
          acknowledged += batch.size();
        }
      }
      appender.join();
      awaitAcknowledged(uri, stream, "raw");
      return events / ((System.nanoTime() - start) / 1e9);
    } finally {
      client.shutdown();
    }
  }

  private static void join(RedisFuture<?> future) {
    try {
      future.get(1, TimeUnit.MINUTES);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Fills the stream first, then times one consumer bus reading, handing in and acknowledging. */
  private static double consumeOnly(String uri, int events, int threads, Cpu cpu)
      throws Exception {
    AtomicInteger consumed = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(1);
    RedisTransport out = RedisTransport.builder().uri(uri).namespace("filled").carries(CARRIED).consumes().build();
    try (EventBus publisher = EventBus.builder().source("publisher").transport(out).build()) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      AtomicInteger next = new AtomicInteger();
      for (int t = 0; t < threads; t++) {
        pool.execute(() -> {
          for (int n; (n = next.getAndIncrement()) < events; ) {
            publisher.publish(Samples.order(n & 1023));
          }
        });
      }
      pool.shutdown();
      pool.awaitTermination(10, TimeUnit.MINUTES);
    }
    RedisTransport in = RedisTransport.builder().uri(uri).namespace("filled").carries(CARRIED).batchSize(256)
        .maxInFlight(4096).blockTime(Duration.ofMillis(100)).startFromEarliest(true).build();
    try (EventBus consumer = EventBus.builder().source("consumer").transport(in).build()) {
      consumer.subscribe(OrderPlaced.class, order -> {
        if (consumed.incrementAndGet() == events) {
          done.countDown();
        }
      });
      Cpu.Mark mark = cpu.mark();
      long start = System.nanoTime();
      consumer.start();
      if (!done.await(5, TimeUnit.MINUTES)) {
        throw new IllegalStateException("consumed only " + consumed.get() + " of " + events);
      }
      awaitAcknowledged(uri, "filled:stream:order:placed", "consumer");
      double perSecond = events / ((System.nanoTime() - start) / 1e9);
      System.out.printf("  consume->ack of a filled stream: %,.0f/s; %s%n", perSecond,
          cpu.since(mark).perEvent(events, true));
      return perSecond;
    }
  }

  private static long[] latency(String uri, int rate, int seconds, Publishing publishing)
      throws Exception {
    int events = rate * seconds;
    long[] micros = new long[events];
    AtomicInteger consumed = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(1);
    RedisTransport in = RedisTransport.builder().uri(uri).namespace("latency").carries(CARRIED).batchSize(256)
        .blockTime(Duration.ofMillis(100)).build();
    RedisTransport out = RedisTransport.builder().uri(uri).namespace("latency").carries(CARRIED).consumes().build();
    // The system clock, to the microsecond: the default clock ticks by the millisecond.
    try (EventBus consumer = EventBus.builder().source("consumer").transport(in).build();
        EventBus publisher = EventBus.builder().source("publisher").transport(out)
            .clock(Clock.systemUTC()).build()) {
      EventKey<OrderPlaced> key = consumer.keyOf(OrderPlaced.class).orElseThrow();
      consumer.subscribeEnvelopes(key, envelope -> {
        Instant now = Instant.now();
        long latency = Duration.between(envelope.time(), now).toNanos() / 1000;
        int i = consumed.getAndIncrement();
        if (i < events) {
          micros[i] = latency;
        }
        if (i + 1 == events) {
          done.countDown();
        }
      }, SubscribeOptions.defaults());
      consumer.start();
      // Warm the path before measuring.
      for (int i = 0; i < 2_000; i++) {
        publisher.publish(Samples.order(i));
      }
      while (consumed.get() < 2_000) {
        Thread.sleep(10);
      }
      consumed.set(0);
      long interval = 1_000_000_000L / rate;
      long start = System.nanoTime();
      for (int n = 0; n < events; n++) {
        long due = start + n * interval;
        // Parks rather than spins: on two cores a spinning publisher would take one from Redis.
        for (long wait; (wait = due - System.nanoTime()) > 0; ) {
          java.util.concurrent.locks.LockSupport.parkNanos(wait);
        }
        if (publishing == Publishing.PIPELINED) {
          publisher.publishAsync(Samples.order(n));
        } else {
          publisher.publish(Samples.order(n));
        }
      }
      if (!done.await(1, TimeUnit.MINUTES)) {
        throw new IllegalStateException("consumed only " + consumed.get() + " of " + events);
      }
    }
    return micros;
  }

  private static double percentile(long[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }

  private static double redisBenchmark(int port, int requests, int pipeline, int valueSize)
      throws Exception {
    String value = "v".repeat(valueSize);
    Process bench = new ProcessBuilder("redis-benchmark", "-p", Integer.toString(port), "-n",
        Integer.toString(requests), "-P", Integer.toString(pipeline), "-q", "XADD", "ceiling", "*",
        "event", value).redirectErrorStream(true).start();
    String output = new String(bench.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    bench.waitFor();
    Matcher rps = Pattern.compile("([0-9.]+) requests per second").matcher(output);
    double last = Double.NaN;
    while (rps.find()) {
      last = Double.parseDouble(rps.group(1));
    }
    if (Double.isNaN(last)) {
      throw new IllegalStateException("redis-benchmark printed no rate:\n" + output);
    }
    return last;
  }

  private static void awaitAcknowledged(String uri, String stream, String group)
      throws InterruptedException {
    RedisClient client = RedisClient.create(uri);
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      while (connection.sync().xpending(stream, group).getCount() > 0) {
        Thread.sleep(1);
      }
    } finally {
      client.shutdown();
    }
  }

  private static void flush(String uri) {
    RedisClient client = RedisClient.create(uri);
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      connection.sync().flushall();
    } finally {
      client.shutdown();
    }
  }

  private static String version() throws IOException {
    Process p = new ProcessBuilder("redis-server", "--version").start();
    try (BufferedReader reader = new BufferedReader(
        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line = reader.readLine();
      Matcher v = Pattern.compile("v=([0-9.]+)").matcher(line == null ? "" : line);
      return v.find() ? v.group(1) : "?";
    }
  }

  private static void awaitPing(int port) throws Exception {
    AtomicLong deadline = new AtomicLong(System.nanoTime() + TimeUnit.SECONDS.toNanos(20));
    while (System.nanoTime() < deadline.get()) {
      try (Socket socket = new Socket("127.0.0.1", port)) {
        socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
        byte[] reply = new byte[5];
        if (socket.getInputStream().read(reply) > 0) {
          return;
        }
      } catch (IOException e) {
        Thread.sleep(20);
      }
    }
    throw new IllegalStateException("redis-server did not start on port " + port);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
