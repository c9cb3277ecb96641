-- Token buckets of the rate limits (docs/operations.md), shared by every instance of the service and
-- written by Bucket4j. The id is a 64-bit digest of (service, class, limit, caller): no subject or
-- address is stored. expires_at (epoch milliseconds) is when the bucket would be full again; rows
-- past it are deleted in the background.
create table rate_limit_bucket (
    id         bigint primary key,
    state      bytea,
    expires_at bigint
);

create index rate_limit_bucket_expires_at on rate_limit_bucket (expires_at);
