package io.packetlake.jobs.lake;

import java.util.List;

/**
 * docs/TABLES.md, rendered from the table catalogs: one section per table with its partitioning and
 * a row per column (name, type, whether it can be null, what it means). The file is checked against
 * this rendering by a test, so the documented columns are the written ones.
 */
public final class TableDocs {
  private TableDocs() {}

  /** The whole document for the tables in the order given (the order the stages write them). */
  public static String markdown(List<TableCatalog> tables) {
    StringBuilder out = new StringBuilder();
    out.append("# The lake's tables\n\n")
        .append("Every table of the lake with its columns, in the order they are stored. This file")
        .append(" is generated\nfrom the table catalogs in the code (`bin/packetlake tables >")
        .append(" docs/TABLES.md`); a test fails\nwhen the two disagree. Columns are only ever")
        .append(" added at the end of a table. Where the founding\nfeature list lives:")
        .append(" [SEED-FEATURES.md](SEED-FEATURES.md).\n");
    for (TableCatalog table : tables) {
      out.append("\n## ").append(table.name()).append("\n\n").append(table.description());
      out.append("\n\nPartitioned by ")
          .append(
              String.join(
                  ", ", table.partitionColumns().stream().map(name -> "`" + name + "`").toList()))
          .append(".\n\n| column | type | null | meaning |\n|---|---|---|---|\n");
      for (TableColumn column : table.columns()) {
        out.append("| `")
            .append(column.name())
            .append("` | ")
            .append(column.type().simpleString())
            .append(" | ")
            .append(column.nullable() ? "yes" : "no")
            .append(" | ")
            .append(escape(column.comment()))
            .append(" |\n");
      }
    }
    return out.toString();
  }

  private static String escape(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }
}
