-- The grade the source system last gave each decision, which a decisions re-import compares its
-- file's grade with: the same grade is the source standing by it (a grade moderation or an appeal
-- changed since stands), another is a change by the source. Moderation, appeals and other grade
-- changes in the app never write it. Decisions stored before this migration keep NULL until an
-- import sees them; until then the import works the source's grade out from the audit log.
ALTER TABLE `decisions` ADD `source_grade` text;
