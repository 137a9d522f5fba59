package dev.orders.gate;

import dev.orders.seed.SeedPlan;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects the one seeded {@link GateDatabase} of this test run. It lives in the root store, so
 * every test class that asks for it shares it, it is seeded once (~20 s), and JUnit drops it
 * after the last test.
 */
public final class SeededDatabase implements ParameterResolver {

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == GateDatabase.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(SeededDatabase.class, key -> seed(), GateDatabase.class);
  }

  private static GateDatabase seed() {
    try {
      return GateDatabase.seeded(SeedPlan.defaults());
    } catch (Exception e) {
      throw new IllegalStateException("could not build the seeded database for the index gate: " + e.getMessage(), e);
    }
  }
}
