CREATE TABLE `refusals` (
	`hour` integer NOT NULL,
	`reason` text NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`hour`, `reason`)
);
--> statement-breakpoint
CREATE TABLE `spend_counters` (
	`day` text NOT NULL,
	`scope` text NOT NULL,
	`subject` text NOT NULL,
	`micros` integer NOT NULL,
	PRIMARY KEY(`day`, `scope`, `subject`)
);
--> statement-breakpoint
ALTER TABLE `tasks` ADD `client_key` text;--> statement-breakpoint
ALTER TABLE `tasks` ADD `budget_day` text;--> statement-breakpoint
ALTER TABLE `tasks` ADD `reserved_micros` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `tasks` ADD `charged_micros` integer;--> statement-breakpoint
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
