package dev.orders.seed;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The keys, foreign keys and indexes of the bulk-loaded tables, read from the catalog, so they
 * can be dropped before the load and rebuilt after it exactly as the migrations defined them.
 * Building an index once from sorted data is several times faster than maintaining seven of
 * them row by row, and re-adding a foreign key validates every row in one join, so the
 * constraints still hold afterwards.
 */
final class DetachedIndexes {

  private record Definition(String table, String name, String ddl) {}

  private final List<Definition> keys = new ArrayList<>();        // primary keys, unique constraints
  private final List<Definition> indexes = new ArrayList<>();     // plain indexes
  private final List<Definition> foreignKeys = new ArrayList<>();

  private DetachedIndexes() {}

  /** Reads the definitions on {@code tables} (and foreign keys pointing at them) without changing anything. */
  static DetachedIndexes read(Connection c, List<String> tables) throws SQLException {
    DetachedIndexes d = new DetachedIndexes();
    String set = "ARRAY[" + String.join(",", tables.stream().map(t -> "'" + t + "'::regclass").toList()) + "]";
    d.load(c, "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint"
        + " WHERE contype IN ('p', 'u') AND conrelid = ANY(" + set + ") ORDER BY 1, 2", d.keys);
    d.load(c, "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint"
        + " WHERE contype = 'f' AND (conrelid = ANY(" + set + ") OR confrelid = ANY(" + set + ")) ORDER BY 1, 2",
        d.foreignKeys);
    d.load(c, "SELECT i.indrelid::regclass::text, i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)"
        + " FROM pg_index i WHERE i.indrelid = ANY(" + set + ") AND NOT EXISTS (SELECT 1 FROM pg_constraint k"
        + " WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid) ORDER BY 1, 2", d.indexes);
    return d;
  }

  void drop(Connection c) throws SQLException {
    drop(c, "");
  }

  /** Drops those still present (after a failure part-way through a restore). */
  void dropPresent(Connection c) throws SQLException {
    drop(c, "IF EXISTS ");
  }

  private void drop(Connection c, String ifExists) throws SQLException {
    for (Definition fk : foreignKeys) {
      execute(c, "ALTER TABLE " + fk.table() + " DROP CONSTRAINT " + ifExists + quote(fk.name()));
    }
    for (Definition index : indexes) {
      execute(c, "DROP INDEX " + ifExists + index.name());
    }
    for (Definition key : keys) {
      execute(c, "ALTER TABLE " + key.table() + " DROP CONSTRAINT " + ifExists + quote(key.name()));
    }
  }

  /** A statement that rebuilds one key or index, named after it. */
  record Rebuild(String name, String sql) {}

  /**
   * The indexes, then the keys, of {@code table}: each a statement of its own, so connections
   * can share them. The plain indexes come first because the biggest sorts are among them: begun
   * early, they do not end up alone at the end.
   */
  List<Rebuild> rebuilds(String table) {
    List<Rebuild> mine = new ArrayList<>();
    for (Definition index : indexes) {
      if (index.table().equals(table)) {
        mine.add(new Rebuild(index.name(), index.ddl()));
      }
    }
    for (Definition key : keys) {
      if (key.table().equals(table)) {
        mine.add(new Rebuild(key.name(),
            "ALTER TABLE " + key.table() + " ADD CONSTRAINT " + quote(key.name()) + " " + key.ddl()));
      }
    }
    return mine;
  }

  void restoreIndexes(Connection c, List<String> tables) throws SQLException {
    for (String table : tables) {
      for (Rebuild rebuild : rebuilds(table)) {
        execute(c, rebuild.sql());
      }
    }
  }

  /** Validates every row: call once the keys they reference are back. */
  void restoreForeignKeys(Connection c) throws SQLException {
    for (Definition fk : foreignKeys) {
      execute(c, "ALTER TABLE " + fk.table() + " ADD CONSTRAINT " + quote(fk.name()) + " " + fk.ddl());
    }
  }

  int count() {
    return keys.size() + indexes.size() + foreignKeys.size();
  }

  private void load(Connection c, String sql, List<Definition> into) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        into.add(new Definition(rs.getString(1), rs.getString(2), rs.getString(3)));
      }
    }
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static String quote(String ident) {
    return '"' + ident.replace("\"", "\"\"") + '"';
  }
}
