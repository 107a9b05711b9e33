ALTER TABLE `tasks` ADD `input_images` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `tasks` ADD `output_sizes` text DEFAULT '[]' NOT NULL;