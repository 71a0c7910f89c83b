-- One round of a staged table (the view "staged": the table's columns read from a
-- staged Parquet file) written as that round's partition file ($target): every
-- column but the round, which is the partition folder's name.
COPY (
    SELECT * EXCLUDE (round)
    FROM staged
    WHERE round = $round
) TO $target (FORMAT parquet, COMPRESSION zstd)
