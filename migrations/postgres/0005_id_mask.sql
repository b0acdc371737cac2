-- ID numbers are shown with only their last 4 characters: the first 6 (region) and the birth
-- date, which every record shows anyway, together with them gave the whole number back.
UPDATE people SET id_masked = repeat('*', 14) || right(id_masked, 4) WHERE length(id_masked) = 18;
