package dev.orders.gate;

import java.util.List;

/**
 * Representative parameters for one registered statement.
 *
 * @param label what the case stands for ("heaviest user, deep page")
 * @param rows the rows the statement legitimately returns (the page size, the items of one
 *     order); a sort of more than ten times this many rows is reading far more than it needs
 * @param ids how many product ids the statement looks up; a sequential scan on products is
 *     allowed only from {@link PlanCheck#PRODUCT_SEQ_SCAN_FROM} ids on
 */
record GateCase(String label, List<Arg> args, int rows, int ids) {

  static GateCase of(String label, int rows, Arg... args) {
    return new GateCase(label, List.of(args), rows, 1);
  }

  GateCase lookingUp(int productIds) {
    return new GateCase(label, args, rows, productIds);
  }
}
