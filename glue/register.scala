// AWS Glue 5.0 (glueetl, Scala) entry point of the table registration job: registers every Delta
// table of the lake in the Glue Data Catalog through Athena DDL. Set the job's --class to
// CommitStatsRegisterTables. See glue/README.md for the parameters.
import dev.commitstats.spark.RegisterTablesJob

object CommitStatsRegisterTables {
  def main(sysArgs: Array[String]): Unit = {
    RegisterTablesJob.main(sysArgs)
  }
}
