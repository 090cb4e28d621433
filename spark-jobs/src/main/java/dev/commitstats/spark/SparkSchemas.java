package dev.commitstats.spark;

import dev.commitstats.model.Column;
import dev.commitstats.model.TableSchema;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Spark types of the raw tables, from the contracts in {@code model/}. */
public final class SparkSchemas {
  private SparkSchemas() {}

  static final StructType PERSON =
      new StructType()
          .add("name", DataTypes.StringType, true)
          .add("email", DataTypes.StringType, true);

  public static StructType of(TableSchema table) {
    StructField[] fields = new StructField[table.columns().size()];
    for (int i = 0; i < fields.length; i++) {
      Column c = table.columns().get(i);
      fields[i] = DataTypes.createStructField(c.name(), type(c), true);
    }
    return new StructType(fields);
  }

  private static DataType type(Column c) {
    return switch (c.type()) {
      case STRING -> DataTypes.StringType;
      case INT -> DataTypes.IntegerType;
      case LONG -> DataTypes.LongType;
      case DOUBLE -> DataTypes.DoubleType;
      case BOOLEAN -> DataTypes.BooleanType;
      case DATE -> DataTypes.DateType;
      case TIMESTAMP -> DataTypes.TimestampType;
      case STRING_LIST -> DataTypes.createArrayType(DataTypes.StringType, true);
      case PERSON_LIST -> DataTypes.createArrayType(PERSON, true);
    };
  }
}
