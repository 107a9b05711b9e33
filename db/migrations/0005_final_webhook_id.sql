DROP TABLE `webhook_events`;--> statement-breakpoint
ALTER TABLE `tasks` ADD `final_webhook_id` text;