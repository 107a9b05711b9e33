// Limits of what a person may ask for, the one home of each: the server's schemas, the studio's form and its copy
// import them. Provider limits are checked against replicate/cog-flux predict.py (commit 2610fcc, the Inputs class).

/** Our own cap on prompt length (the provider has none), for image prompts and prompt help alike. */
export const PROMPT_MAX_LENGTH = 2000;

/** cog-flux takes any integer seed; this is the largest one JSON and the browser carry exactly. */
export const SEED_MAX = Number.MAX_SAFE_INTEGER;

/** cog-flux `lora_scale`: ge=-1.0, le=3.0. */
export const LORA_SCALE_MIN = -1;
export const LORA_SCALE_MAX = 3;

/** cog-flux `output_format` choices (flux-pro offers the same three). */
export const OUTPUT_FORMATS = ["webp", "jpg", "png"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** cog-flux `num_outputs`: ge=1, le=4; the most images one task holds (and `task:<id>/<index>` can name). */
export const MAX_OUTPUTS_PER_TASK = 4;

/** Our caps on an uploaded image (the providers read it through a signed URL). */
export const UPLOAD_MAX_BYTES = 10 * 1024 * 1024;
export const UPLOAD_MAX_SIDE_PX = 4096;

/** A compare run: one prompt on this many models, each named once. */
export const RUN_MIN_MODELS = 2;
export const RUN_MAX_MODELS = 4;
/** A run of several prompts on one model: at most this many, one task each. */
export const RUN_MAX_PROMPTS = 10;

/** The longest full-text search query over prompts (GET /api/tasks?q, GET /api/gallery?q), and its most words. */
export const SEARCH_QUERY_MAX_LENGTH = 200;
export const SEARCH_MAX_TERMS = 16;

/** Images per page of the public gallery: the server renders the first page, the browser loads the next ones. */
export const GALLERY_PAGE_SIZE = 24;
