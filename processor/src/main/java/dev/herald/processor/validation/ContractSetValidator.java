package dev.herald.processor.validation;

import dev.herald.processor.diagnostics.Message;
import dev.herald.processor.diagnostics.Report;
import dev.herald.processor.model.ContractSet;
import dev.herald.processor.model.EventModel;
import dev.herald.processor.model.ListenerModel;
import dev.herald.processor.model.VersionChain;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.PackageElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Checks a compilation's contracts together, before the aggregate sources are generated: unique
 * name and version pairs, unique enum constants, one contracts package that can reach every event,
 * patterns that match some known event, and the versions of each event name with their
 * {@code @Upcast} methods ({@link UpcastValidator}, {@link VersionChainValidator}).
 */
public final class ContractSetValidator {

  private final Elements elements;
  private final UnmatchedPatterns unmatchedPatterns;
  private final UpcastValidator upcasts;
  private final VersionChainValidator versions;

  public ContractSetValidator(Elements elements, Types types) {
    this.elements = elements;
    this.unmatchedPatterns = new UnmatchedPatterns(elements);
    this.upcasts = new UpcastValidator(elements, types);
    this.versions = new VersionChainValidator(elements, types);
  }

  /**
   * Validates the whole set: what {@link #validate(List, List, Set)} checks, plus a warning per
   * pattern that matches no event this compilation knows, plus the versions and upcasters.
   */
  public Result validate(ContractSet set) {
    Result events = validate(set.events(), set.contractPackages(), set.listenerPackages());
    Report report = new Report().addAll(events.report())
        .addAll(unmatchedPatterns.check(events.events(), set.listeners()));
    List<VersionChain> chains = List.of();
    if (events.contractsPackage() != null) {
      UpcastValidator.Result valid =
          upcasts.validate(set.upcasts(), events.events(), events.contractsPackage());
      VersionChainValidator.Result checked =
          versions.validate(events.events(), valid.upcasts(), valid.claimed());
      report.addAll(valid.report()).addAll(checked.report());
      chains = checked.chains();
    }
    return new Result(report, events.contractsPackage(), events.events(), set.listeners(), chains);
  }

  /**
   * Validates {@code events} (each valid on its own) and resolves the contracts package.
   *
   * @param contractPackages the packages annotated {@code @EventContracts} in this compilation
   * @param listenerPackages packages of the compilation's listeners, for a compilation without events
   */
  public Result validate(List<EventModel> events, List<PackageElement> contractPackages,
      Set<String> listenerPackages) {
    Report report = new Report();
    List<EventModel> sorted = new ArrayList<>(events);
    sorted.sort(Comparator.comparing(e -> e.type().canonicalName()));

    String contractsPackage = contractsPackage(sorted, contractPackages, listenerPackages, report);
    Set<EventModel> rejected = new LinkedHashSet<>();
    Map<String, EventModel> byNameAndVersion = new HashMap<>();
    Map<String, EventModel> byConstant = new HashMap<>();
    for (EventModel event : sorted) {
      EventModel twin = byNameAndVersion.putIfAbsent(event.name() + "#" + event.version(), event);
      if (twin != null) {
        report.error(event.element(), Message.EVENT_DUPLICATE, event.name(), event.version(),
            twin.type().canonicalName(), event.type().canonicalName());
        rejected.add(event);
        continue;
      }
      EventModel clash = byConstant.putIfAbsent(event.constantName(), event);
      if (clash != null) {
        report.error(event.element(), Message.EVENT_CONSTANT_CLASH, clash.name(),
            clash.type().simpleName(), event.name(), event.type().simpleName(),
            event.constantName());
        rejected.add(event);
        continue;
      }
      if (contractsPackage != null
          && !Accessibility.isAccessibleFrom(event.element(), contractsPackage, elements)) {
        report.error(event.element(), Message.EVENT_INACCESSIBLE, event.type().canonicalName(),
            contractsPackage, contractsPackage);
        rejected.add(event);
      }
    }
    List<EventModel> accepted = sorted.stream()
        .filter(e -> !rejected.contains(e))
        .sorted(Comparator.comparing(EventModel::name).thenComparingInt(EventModel::version))
        .collect(Collectors.toList());
    return new Result(report, contractsPackage, accepted, List.of(), List.of());
  }

  private String contractsPackage(List<EventModel> events, List<PackageElement> annotated,
      Set<String> listenerPackages, Report report) {
    if (annotated.size() > 1) {
      List<PackageElement> sorted = new ArrayList<>(annotated);
      sorted.sort(Comparator.comparing(p -> p.getQualifiedName().toString()));
      report.error(sorted.get(1), Message.CONTRACTS_PACKAGE_DUPLICATE,
          sorted.get(0).getQualifiedName(), sorted.get(1).getQualifiedName());
      return null;
    }
    if (annotated.size() == 1) {
      return annotated.get(0).getQualifiedName().toString();
    }
    Set<String> packages = new LinkedHashSet<>();
    events.forEach(e -> packages.add(e.type().packageName()));
    if (packages.isEmpty()) {
      packages.addAll(listenerPackages);
    }
    String common = longestCommonPackage(packages);
    if (common.isEmpty() && packages.size() > 1 && !events.isEmpty()) {
      report.error(events.get(0).element(), Message.CONTRACTS_PACKAGE_UNNAMED,
          events.stream().map(e -> e.type().canonicalName()).collect(Collectors.joining(", ")));
      return null;
    }
    return common;
  }

  /** {@code com.acme.a} and {@code com.acme.b.c} share {@code com.acme}. */
  static String longestCommonPackage(Set<String> packages) {
    List<String> common = null;
    for (String name : packages) {
      List<String> parts = name.isEmpty() ? List.of() : List.of(name.split("\\."));
      if (common == null) {
        common = new ArrayList<>(parts);
        continue;
      }
      int i = 0;
      while (i < common.size() && i < parts.size() && common.get(i).equals(parts.get(i))) {
        i++;
      }
      common = new ArrayList<>(common.subList(0, i));
    }
    return common == null ? "" : String.join(".", common);
  }

  /**
   * The outcome, and what the aggregates are generated from when {@code report} has no errors.
   *
   * @param contractsPackage where EventType, EventMap and the catalog go; {@code null} when unknown
   * @param events the accepted events, ordered by name then version
   * @param listeners the listeners, ordered by class name
   * @param chains the version chains of the event names with two versions or more
   */
  public record Result(
      Report report, String contractsPackage, List<EventModel> events,
      List<ListenerModel> listeners, List<VersionChain> chains) {

    public Result {
      events = List.copyOf(events);
      listeners = List.copyOf(listeners);
      chains = List.copyOf(chains);
    }

    /** Whether the aggregates can be generated from this result. */
    public boolean isClean() {
      return report.isClean() && contractsPackage != null;
    }
  }
}
