-- Where a service stands among those the city's residents use most (1 = most used), as the
-- hotline's own statistics say; NULL = not among them. Edit to reconfigure. Services seeded
-- before this column existed get the seed's ranks here; new files get them from the seed.
ALTER TABLE services ADD COLUMN common_rank INTEGER;
UPDATE services SET common_rank = CASE code
    WHEN 'noise-nuisance' THEN 1
    WHEN 'property-service' THEN 2
    WHEN 'water-outage' THEN 3
    WHEN 'social-insurance' THEN 4
    WHEN 'housing-fund' THEN 5
    WHEN 'streetlight-out' THEN 6
END;
