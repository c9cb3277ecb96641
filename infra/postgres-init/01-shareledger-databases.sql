-- Run once by the postgres image, on an empty data volume, as POSTGRES_USER (shareledger).
-- The write side (command-service) and the read side (query-service) each get their own database.
SELECT 'CREATE DATABASE shareledger_write OWNER ' || current_user
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'shareledger_write')\gexec
SELECT 'CREATE DATABASE shareledger_read OWNER ' || current_user
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'shareledger_read')\gexec
