-- CrmHub on PostgreSQL, part 0: the table the Orleans ADO.NET providers read their SQL from.
-- The providers run "SELECT QueryKey, QueryText FROM OrleansQuery" at start and execute the text
-- stored under each key with named parameters (@ServiceId, @GrainId, ...). PostgreSQL folds the
-- unquoted names to lower case, which is what that query finds.
-- Every script here is idempotent: run them in file-name order, as often as you like.

CREATE TABLE IF NOT EXISTS orleansquery
(
    querykey  varchar(64) NOT NULL PRIMARY KEY,
    querytext text        NOT NULL
);
