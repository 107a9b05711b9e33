-- Full-text search over prompts (GET /api/tasks?q, GET /api/gallery?q). Hand-written: drizzle-kit models neither
-- virtual tables nor triggers. An external-content FTS5 table: the index reads each prompt from `tasks` itself (by
-- rowid), so prompts are not stored twice; the three triggers keep the index in step with every insert, prompt change
-- and delete. `tasks` has no INTEGER PRIMARY KEY, so its rowid is only stable while the table is not rebuilt: a
-- migration that rebuilds `tasks` (as drizzle-kit does to alter it) drops these triggers with the table and must
-- create them again and end with the 'rebuild' below (tests/db/prompt-search.test.ts fails otherwise).
CREATE VIRTUAL TABLE `tasks_fts` USING fts5(`prompt`, content='tasks', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER `tasks_fts_insert` AFTER INSERT ON `tasks` BEGIN
  INSERT INTO `tasks_fts` (rowid, `prompt`) VALUES (NEW.rowid, NEW.prompt);
END;
--> statement-breakpoint
CREATE TRIGGER `tasks_fts_delete` AFTER DELETE ON `tasks` BEGIN
  INSERT INTO `tasks_fts` (`tasks_fts`, rowid, `prompt`) VALUES ('delete', OLD.rowid, OLD.prompt);
END;
--> statement-breakpoint
CREATE TRIGGER `tasks_fts_update` AFTER UPDATE OF `prompt` ON `tasks` BEGIN
  INSERT INTO `tasks_fts` (`tasks_fts`, rowid, `prompt`) VALUES ('delete', OLD.rowid, OLD.prompt);
  INSERT INTO `tasks_fts` (rowid, `prompt`) VALUES (NEW.rowid, NEW.prompt);
END;
--> statement-breakpoint
-- Backfill: index every prompt already stored.
INSERT INTO `tasks_fts` (`tasks_fts`) VALUES ('rebuild');
