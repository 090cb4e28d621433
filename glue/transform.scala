// AWS Glue 5.0 (glueetl, Scala) entry point of the transform job. Glue compiles this script and
// runs it with the job's jar (--extra-jars) on the classpath; set the job's --class to
// CommitStatsTransform. All the work is in dev.commitstats.spark.TransformJob, the same class
// `./commitstats transform` runs locally. See glue/README.md for the parameters.
import dev.commitstats.spark.TransformJob

object CommitStatsTransform {
  def main(sysArgs: Array[String]): Unit = {
    TransformJob.main(sysArgs)
  }
}
