package dev.orders.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A dataset survives the file unchanged, user weights included; a wrong file says which and why. */
class DatasetFileTest {

  @TempDir
  Path dir;

  @Test
  void writeThenRead_sameIdsSizesAndUserWeights() throws Exception {
    Dataset data = Dataset.of("db:5432/orders", 2000, 3, 2, 4, List.of("ord_1", "ord_2"),
        List.of("usr_a", "usr_b", "usr_c"), List.of(5L, 1L, 9L), List.of("prd_1", "prd_2"));
    Path file = dir.resolve("dataset.json");

    DatasetFile.write(file, data);
    Dataset read = DatasetFile.read(file);

    assertEquals(data.orderIds(), read.orderIds());
    assertEquals(data.userIds(), read.userIds());
    assertEquals(List.of(5L, 1L, 9L), read.userOrderCounts());
    assertEquals(data.productIds(), read.productIds());
    assertEquals(List.of(2000L, 3L, 2L, 4), List.of(read.orderCount(), read.userCount(), read.productCount(),
        read.secondaryIndexes()));
    assertTrue(read.source().startsWith("db:5432/orders via "), read.source());
  }

  @Test
  void read_notADatasetFile_namesTheFileAndTheProblem() throws Exception {
    Path file = Files.writeString(dir.resolve("results.json"), "{\"run\": {}}");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> DatasetFile.read(file));
    assertTrue(e.getMessage().contains("results.json") && e.getMessage().contains("expected " + DatasetFile.FORMAT),
        e.getMessage());
  }
}
