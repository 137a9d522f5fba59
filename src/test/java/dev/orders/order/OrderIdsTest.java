package dev.orders.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OrderIdsTest {

  @Test
  void ids_sortByCreationTime() {
    String earlier = OrderIds.next(1_700_000_000_000L);
    String later = OrderIds.next(1_700_000_000_001L);
    assertTrue(earlier.compareTo(later) < 0, earlier + " < " + later);
  }

  @Test
  void ids_inTheSameMillisecond_areUnique_andWellFormed() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String id = OrderIds.next(1_700_000_000_000L);
      assertTrue(id.matches("ord_[0-9A-HJKMNP-TV-Z]{26}"), id);
      ids.add(id);
    }
    assertEquals(10_000, ids.size());
  }
}
