package dev.commitstats.spark;

import dev.commitstats.model.Languages;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The model's linguist languages as a small table, {@code (language_key, language, language_type,
 * language_color)}: the key is the lower-case name, so a name written in another case ({@code AWK}
 * by older ingests) becomes linguist's ({@code Awk}) in the clean layer, and the gold tables take
 * each language's type and colour from it.
 */
public final class LanguageTable {
  private LanguageTable() {}

  static final StructType SCHEMA =
      new StructType()
          .add("language_key", DataTypes.StringType, false)
          .add("language", DataTypes.StringType, false)
          .add("language_type", DataTypes.StringType, false)
          .add("language_color", DataTypes.StringType, true);

  static final StructType NAMES =
      new StructType()
          .add("language_key", DataTypes.StringType, false)
          .add("language", DataTypes.StringType, false);

  /**
   * Every spelling of every language, {@code (language_key, language)}: its name and its aliases,
   * lower case, to linguist's name ({@code js} -> JavaScript, {@code awk} -> Awk).
   */
  public static Dataset<Row> names(SparkSession spark) {
    var keys = new java.util.LinkedHashMap<String, String>();
    for (Languages.Language l : Languages.all()) {
      keys.put(Languages.key(l.name()), l.name());
    }
    for (Languages.Language l : Languages.all()) {
      for (String alias : l.aliases()) {
        keys.putIfAbsent(Languages.key(alias), l.name());
      }
    }
    List<Row> rows = new ArrayList<>();
    keys.forEach((k, name) -> rows.add(RowFactory.create(k, name)));
    return spark.createDataFrame(rows, NAMES);
  }

  public static Dataset<Row> of(SparkSession spark) {
    List<Row> rows = new ArrayList<>();
    for (Languages.Language l : Languages.all()) {
      rows.add(RowFactory.create(Languages.key(l.name()), l.name(), l.type().value(), l.color()));
    }
    return spark.createDataFrame(rows, SCHEMA);
  }
}
