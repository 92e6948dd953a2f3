-- epas_status (status) is a prefix of epas_status_confirmed (status, confirmed_at), which answers
-- every lookup by status as well. Keeping both cost every EPA write a second index entry, and a
-- bulk import a rebuild of 0.1-0.2 s per million decisions.
DROP INDEX `epas_status`;
