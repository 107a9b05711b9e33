-- Rows written per task (bench P6): the open index's WHERE moves from status_rank (which every status move assigns)
-- to completed_at (assigned once, when the task ends), tied to the rank by the new CHECK; the prediction index
-- leaves out the NULLs a new task has. Tasks that ended without completed_at get their last update time first, so
-- the copy below passes the CHECK. (No status_rank is assigned, so tasks_settle_spend does not fire.)
UPDATE `tasks` SET `completed_at` = `updated_at` WHERE `status_rank` = 4 AND `completed_at` IS NULL;--> statement-breakpoint
UPDATE `tasks` SET `completed_at` = NULL WHERE `status_rank` < 4 AND `completed_at` IS NOT NULL;--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_tasks` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`model_key` text NOT NULL,
	`provider_model` text NOT NULL,
	`prompt` text NOT NULL,
	`params` text DEFAULT '{}' NOT NULL,
	`aspect_ratio` text NOT NULL,
	`is_private` integer DEFAULT false NOT NULL,
	`locale` text NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`status_rank` integer DEFAULT 0 NOT NULL,
	`progress` integer DEFAULT 0 NOT NULL,
	`prediction_id` text,
	`output_keys` text DEFAULT '[]' NOT NULL,
	`output_count` integer,
	`error_code` text,
	`error_message` text,
	`cost_usd` real,
	`client_key` text,
	`budget_day` text,
	`reserved_micros` integer DEFAULT 0 NOT NULL,
	`charged_micros` integer,
	`created_at` integer NOT NULL,
	`started_at` integer,
	`completed_at` integer,
	`updated_at` integer NOT NULL,
	`reconciled_at` integer,
	`seed` integer,
	`parent_id` text,
	`input_image` text,
	CONSTRAINT "tasks_status_known" CHECK(status IN ('queued', 'submitting', 'starting', 'processing', 'succeeded', 'failed', 'canceled')),
	CONSTRAINT "tasks_status_rank_matches" CHECK(status_rank = CASE status WHEN 'queued' THEN 0 WHEN 'submitting' THEN 1 WHEN 'starting' THEN 2 WHEN 'processing' THEN 3 WHEN 'succeeded' THEN 4 WHEN 'failed' THEN 4 WHEN 'canceled' THEN 4 END),
	CONSTRAINT "tasks_progress_range" CHECK(progress BETWEEN 0 AND 100),
	CONSTRAINT "tasks_open_until_end" CHECK((completed_at IS NULL) = (status_rank < 4))
);
--> statement-breakpoint
INSERT INTO `__new_tasks`("id", "user_id", "model_key", "provider_model", "prompt", "params", "aspect_ratio", "is_private", "locale", "status", "status_rank", "progress", "prediction_id", "output_keys", "output_count", "error_code", "error_message", "cost_usd", "client_key", "budget_day", "reserved_micros", "charged_micros", "created_at", "started_at", "completed_at", "updated_at", "reconciled_at", "seed", "parent_id", "input_image") SELECT "id", "user_id", "model_key", "provider_model", "prompt", "params", "aspect_ratio", "is_private", "locale", "status", "status_rank", "progress", "prediction_id", "output_keys", "output_count", "error_code", "error_message", "cost_usd", "client_key", "budget_day", "reserved_micros", "charged_micros", "created_at", "started_at", "completed_at", "updated_at", "reconciled_at", "seed", "parent_id", "input_image" FROM `tasks`;--> statement-breakpoint
DROP TABLE `tasks`;--> statement-breakpoint
ALTER TABLE `__new_tasks` RENAME TO `tasks`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `tasks_prediction_id_unique` ON `tasks` (`prediction_id`) WHERE prediction_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX `tasks_user_created_idx` ON `tasks` (`user_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `tasks_open_idx` ON `tasks` (`user_id`) WHERE completed_at IS NULL;--> statement-breakpoint
CREATE INDEX `tasks_gallery_idx` ON `tasks` (`created_at`,`id`) WHERE is_private = 0 AND status = 'succeeded';--> statement-breakpoint
-- DROP TABLE took the trigger of 0003_spend_budgets.sql with it; this is the same trigger, created again.
-- Settlement: the UPDATE that ends a task gives back, in the same statement, what it reserved and did not deliver.
-- A task ends once (the rank guard), so this fires once per task. Hand-written: drizzle-kit does not model triggers.
CREATE TRIGGER `tasks_settle_spend` AFTER UPDATE OF `status_rank` ON `tasks`
WHEN OLD.status_rank < 4 AND NEW.status_rank = 4 AND NEW.budget_day IS NOT NULL
  AND OLD.reserved_micros > coalesce(NEW.charged_micros, 0)
BEGIN
  UPDATE `spend_counters` SET `micros` = `micros` - (OLD.reserved_micros - coalesce(NEW.charged_micros, 0))
  WHERE `day` = NEW.budget_day AND (
    (`scope` = 'user' AND `subject` = NEW.user_id) OR
    (`scope` = 'client' AND `subject` = NEW.client_key) OR
    (`scope` = 'global' AND `subject` = ''));
END;
