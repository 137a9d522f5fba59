package dev.orders.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The built-in scenario names are exactly the files in perf/scenarios/, and each one loads. */
class ScenarioTest {

  @Test
  void builtIn_namesEveryScenarioFile_andEachLoads() throws IOException {
    Set<String> files;
    try (Stream<Path> dir = Files.list(Path.of("perf", "scenarios"))) {
      files = dir.map(p -> p.getFileName().toString().replace(".properties", "")).collect(Collectors.toSet());
    }
    assertEquals(files, Set.of(Scenario.BUILT_IN));
    for (String name : Scenario.BUILT_IN) {
      assertTrue(Scenario.load(name).weights().values().stream().anyMatch(w -> w > 0), name);
    }
  }
}
