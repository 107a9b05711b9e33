import * as z from "zod";
import { LOCALES } from "@/lib/i18n/locales";
import { IMAGE_MODEL_KEYS } from "@/lib/models";
import { taskIdSchema } from "@/lib/tasks/ids";
import { INPUT_IMAGE_FORMAT } from "@/lib/uploads/input-image";

/** The envelope of POST /api/generate; the model's own schema (from the registry) checks the rest, in lib. */
export const generateBodySchema = z
  .object({
    model: z.enum(IMAGE_MODEL_KEYS, { message: `must be one of ${IMAGE_MODEL_KEYS.join(", ")}` }),
    is_private: z.boolean().default(false),
    locale: z.enum(LOCALES).default("en"),
    input_image: z
      .string()
      .trim()
      .min(1)
      .max(200, { message: `must be ${INPUT_IMAGE_FORMAT}` })
      .optional(),
    parent_id: taskIdSchema.optional(),
  })
  .loose();
