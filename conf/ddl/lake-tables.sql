-- Registers the packetlake lake tables as external Parquet tables of the current catalog.
--
-- Replace ${lake} with the lake's root (hdfs:///lake, s3a://bucket/lake, /data/lake). spark-sql
-- substitutes it itself:   spark-sql -d lake=hdfs:///lake -f conf/ddl/lake-tables.sql
-- (spark-sql puts -d variables in the session conf, where ${...} substitution finds them.) In
-- Zeppelin, the notes' "Register the lake" paragraph holds the packets and connections blocks
-- with the lake root as a form (see README.md, "For analysts").
--
-- No column lists: Spark reads the schema, column comments included, from the Parquet files the
-- jobs wrote, so this file never drifts from the code that defines the tables. EXTERNAL (a
-- LOCATION) so that DROP TABLE never deletes lake data: the lake is kept forever.
--
-- The tables are partitioned (docs/TABLES.md says by what), and a table created over existing
-- directories does not know its partitions until REPAIR TABLE lists them.
-- Run REPAIR TABLE again after each scheduled run to see the new days; the Oozie workflow and the
-- Airflow DAG do not do it for you, because the catalog is the analyst's (often a session's
-- in-memory one), not the cluster's.
--
-- Each block starts with "-- table: <name>", in the order the pipeline writes the tables. A CREATE
-- fails (no files to read a schema from) until a run has written the table, so a lake that has
-- run only its first stages registers those, and a script stopping at the first error still
-- registers every table written before.

-- table: packets
CREATE TABLE IF NOT EXISTS packets USING parquet LOCATION '${lake}/packets';
REPAIR TABLE packets;

-- table: connections
CREATE TABLE IF NOT EXISTS connections USING parquet LOCATION '${lake}/connections';
REPAIR TABLE connections;

-- table: ip_activity
CREATE TABLE IF NOT EXISTS ip_activity USING parquet LOCATION '${lake}/ip_activity';
REPAIR TABLE ip_activity;

-- table: connection_vectors
CREATE TABLE IF NOT EXISTS connection_vectors USING parquet LOCATION '${lake}/connection_vectors';
REPAIR TABLE connection_vectors;

-- table: ip_activity_vectors
CREATE TABLE IF NOT EXISTS ip_activity_vectors USING parquet LOCATION '${lake}/ip_activity_vectors';
REPAIR TABLE ip_activity_vectors;
