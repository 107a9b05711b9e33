CREATE TABLE `open_streams` (
	`id` integer PRIMARY KEY NOT NULL,
	`client_key` text NOT NULL,
	`task_id` text NOT NULL,
	`viewer_key` text NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `open_streams_client_idx` ON `open_streams` (`client_key`,`expires_at`);--> statement-breakpoint
CREATE INDEX `open_streams_task_viewer_idx` ON `open_streams` (`task_id`,`viewer_key`);