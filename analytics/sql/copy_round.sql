-- One round of a staged table ($source, a Parquet file with a round column) written
-- as that round's partition file ($target): every column but the round, which is
-- the partition folder's name.
COPY (
    SELECT * EXCLUDE (round)
    FROM read_parquet($source)
    WHERE round = $round
) TO $target (FORMAT parquet, COMPRESSION zstd)
