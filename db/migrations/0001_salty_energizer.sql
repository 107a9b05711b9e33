DROP INDEX `tasks_open_idx`;--> statement-breakpoint
CREATE INDEX `tasks_open_idx` ON `tasks` (`user_id`) WHERE status_rank < 4;