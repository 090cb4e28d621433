// AWS Glue 5.0 (glueetl, Scala) entry point of the distributed ingest job. Glue compiles this
// script and runs it with the ingest job's jar (--extra-jars) on the classpath; set the job's
// --class to CommitStatsIngest. All the work is in dev.commitstats.ingest.spark.CommitStatsIngest,
// the same code `./commitstats ingest --spark-master local[N]` runs locally. See glue/README.md.
import dev.commitstats.ingest.spark.{CommitStatsIngest => Ingest}

object CommitStatsIngest {
  def main(sysArgs: Array[String]): Unit = {
    Ingest.main(sysArgs)
  }
}
