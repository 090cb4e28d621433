package dev.commitstats.spark;

import dev.commitstats.model.Column;
import dev.commitstats.model.ColumnType;
import dev.commitstats.model.TableSchema;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Spark types of the raw tables, from the contracts in {@code model/}. */
public final class SparkSchemas {
  private SparkSchemas() {}

  public static StructType of(TableSchema table) {
    StructField[] fields = new StructField[table.columns().size()];
    for (int i = 0; i < fields.length; i++) {
      Column c = table.columns().get(i);
      fields[i] = DataTypes.createStructField(c.name(), type(c.type()), true);
    }
    return new StructType(fields);
  }

  /** The Spark type of a logical column type. */
  static DataType type(ColumnType type) {
    if (type instanceof ColumnType.ListOf l) {
      return DataTypes.createArrayType(type(l.element()), true);
    }
    if (type instanceof ColumnType.StructOf s) {
      StructType struct = new StructType();
      for (ColumnType.Field f : s.fields()) {
        struct = struct.add(f.name(), type(f.type()), true);
      }
      return struct;
    }
    return switch ((ColumnType.Primitive) type) {
      case STRING -> DataTypes.StringType;
      case INT -> DataTypes.IntegerType;
      case LONG -> DataTypes.LongType;
      case DOUBLE -> DataTypes.DoubleType;
      case BOOLEAN -> DataTypes.BooleanType;
      case DATE -> DataTypes.DateType;
      case TIMESTAMP -> DataTypes.TimestampType;
    };
  }
}
