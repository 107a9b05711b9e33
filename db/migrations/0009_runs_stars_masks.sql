CREATE TABLE `runs` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`is_private` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `runs_user_created_idx` ON `runs` (`user_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `tasks` ADD `mask` text;--> statement-breakpoint
ALTER TABLE `tasks` ADD `run_id` text;--> statement-breakpoint
ALTER TABLE `tasks` ADD `starred_at` integer;--> statement-breakpoint
CREATE INDEX `tasks_run_idx` ON `tasks` (`run_id`) WHERE run_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX `tasks_user_starred_idx` ON `tasks` (`user_id`,`created_at`,`id`) WHERE starred_at IS NOT NULL;