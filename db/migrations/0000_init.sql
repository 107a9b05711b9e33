CREATE TABLE `gateway_calls` (
	`id` integer PRIMARY KEY NOT NULL,
	`provider` text NOT NULL,
	`model` text NOT NULL,
	`operation` text NOT NULL,
	`ok` integer NOT NULL,
	`http_status` integer,
	`error_kind` text,
	`attempts` integer NOT NULL,
	`latency_ms` integer NOT NULL,
	`cache_status` text,
	`log_id` text,
	`task_id` text,
	`started_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `gateway_calls_started_idx` ON `gateway_calls` (`started_at`);--> statement-breakpoint
CREATE TABLE `rate_limits` (
	`key` text PRIMARY KEY NOT NULL,
	`window_start` integer NOT NULL,
	`count` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `tasks` (
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
	`created_at` integer NOT NULL,
	`started_at` integer,
	`completed_at` integer,
	`updated_at` integer NOT NULL,
	`reconciled_at` integer,
	CONSTRAINT "tasks_status_known" CHECK(status IN ('queued', 'submitting', 'starting', 'processing', 'succeeded', 'failed', 'canceled')),
	CONSTRAINT "tasks_status_rank_matches" CHECK(status_rank = CASE status WHEN 'queued' THEN 0 WHEN 'submitting' THEN 1 WHEN 'starting' THEN 2 WHEN 'processing' THEN 3 WHEN 'succeeded' THEN 4 WHEN 'failed' THEN 4 WHEN 'canceled' THEN 4 END),
	CONSTRAINT "tasks_progress_range" CHECK(progress BETWEEN 0 AND 100)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tasks_prediction_id_unique` ON `tasks` (`prediction_id`);--> statement-breakpoint
CREATE INDEX `tasks_user_created_idx` ON `tasks` (`user_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `tasks_open_idx` ON `tasks` (`status`,`user_id`) WHERE status_rank < 4;--> statement-breakpoint
CREATE INDEX `tasks_gallery_idx` ON `tasks` (`created_at`,`id`) WHERE is_private = 0 AND status = 'succeeded';--> statement-breakpoint
CREATE TABLE `webhook_events` (
	`webhook_id` text PRIMARY KEY NOT NULL,
	`task_id` text NOT NULL,
	`prediction_id` text,
	`status` text NOT NULL,
	`received_at` integer NOT NULL
);
