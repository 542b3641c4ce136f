"""Daily packetlake run: ingest a UTC day's captures, rebuild that day's derived tables, then
register the new partitions in the Hive metastore.

The same steps, order and arguments as conf/oozie/workflow.xml, for sites that schedule with
Airflow. Each task is one spark-submit of the job jar in YARN cluster mode, so the Airflow worker
only needs a Spark client and the cluster configuration, not the cluster's resources.

Settings come from Airflow Variables so that one file serves every environment:
  packetlake_jar          path or hdfs:// URI of packetlake-jobs.jar
  packetlake_lake         root of the lake, e.g. hdfs:///lake
  packetlake_input_root   root of the capture directories, laid out as YYYY/MM/DD
  packetlake_spark_conf   spark-defaults file (conf/spark-defaults.conf of this repository)
  packetlake_hive_metastore_uris  the Hive metastore to register the tables in, thrift://HOST:9083
  packetlake_hive_database        the metastore database that holds them, e.g. default

The run for data interval [D, D+1) starts once D has ended, which is when D's captures are
complete. catchup=True backfills every day since start_date on first deployment, and
max_active_runs=1 keeps days in sequence, because the connections stage rewrites neighbouring
days' partitions. Every stage replaces exactly the partitions it writes, so retrying a task, or
clearing a whole day, is safe. The last task, register, changes no data: when only it failed
(the metastore was down), clear just that task.
"""

from datetime import datetime, timedelta

from airflow import DAG
from airflow.operators.bash import BashOperator

# The stages of io.packetlake.jobs.Pipeline, under its names and in its order: each reads what
# the one before wrote (TestAirflowDag checks both).
STAGES = ("ingest", "connections", "activity", "vectors")

# After the stages: the tables (created on the first run) and the partitions the stages wrote, in
# the Hive metastore, so that Hive, Trino and Spark with Hive support query the day once the run
# ends, with no one running DDL. packetlake register runs conf/ddl/lake-tables-hive.sql (CREATE
# EXTERNAL TABLE IF NOT EXISTS, MSCK REPAIR TABLE) over the whole lake.
REGISTER = "register"
STEPS = STAGES + (REGISTER,)

LAKE = "{{ var.value.packetlake_lake }}"
DAY = "{{ ds }}"

# Arguments of each stage's subcommand, as the CLI takes them (same as the Oozie workflow's).
ARGUMENTS = {
    "ingest": [
        "ingest",
        "--input",
        "{{ var.value.packetlake_input_root }}/{{ data_interval_start.strftime('%Y/%m/%d') }}",
        "--lake",
        LAKE,
    ],
    "connections": ["connections", "--lake", LAKE, "--date", DAY],
    "activity": ["activity", "--lake", LAKE, "--date", DAY],
    "vectors": ["vectors", "--lake", LAKE, "--date", DAY],
    REGISTER: [REGISTER, "--lake", LAKE, "--database", "{{ var.value.packetlake_hive_database }}"],
}

# Spark settings of a step beyond the properties file: the metastore that register writes to, named
# here rather than left to whatever hive-site.xml the worker's Spark client may have.
SPARK_CONF = {
    REGISTER: [
        "--conf spark.hadoop.hive.metastore.uris={{ var.value.packetlake_hive_metastore_uris }}"
    ],
}


def spark_submit(step):
    """The spark-submit command line of one step, templated by Airflow at run time."""
    return " ".join(
        [
            "spark-submit",
            "--master yarn",
            "--deploy-mode cluster",
            "--properties-file {{ var.value.packetlake_spark_conf }}",
        ]
        + SPARK_CONF.get(step, [])
        + [
            "--name packetlake-" + step + "-" + DAY,
            "--class io.packetlake.jobs.cli.PacketlakeCommand",
            "{{ var.value.packetlake_jar }}",
        ]
        + ARGUMENTS[step]
    )


default_args = {
    "owner": "packetlake",
    # Retries cover lost executors and preempted application masters; a data error fails the
    # same way three times and then needs a person.
    "retries": 2,
    "retry_delay": timedelta(minutes=10),
    "retry_exponential_backoff": True,
    "depends_on_past": True,
    "execution_timeout": timedelta(hours=6),
}

with DAG(
    dag_id="packetlake_daily",
    description="pcap captures to the packetlake Parquet tables, one UTC day per run",
    schedule="@daily",
    start_date=datetime(2024, 1, 1),
    catchup=True,
    max_active_runs=1,
    default_args=default_args,
    tags=["packetlake"],
) as dag:
    previous = None
    for step in STEPS:
        task = BashOperator(
            task_id=step,
            bash_command=spark_submit(step),
        )
        if previous is not None:
            previous >> task
        previous = task
