import * as z from "zod";
import { IMAGE_TYPES } from "@/lib/shared/image-types";

/** An upload as POST /api/uploads returns it: private to its owner, named again as `input_image` by its id. */
export const uploadViewSchema = z
  .object({
    id: z.string().meta({ description: "How POST /api/generate names it as `input_image`." }),
    url: z.string().meta({ description: "Where its owner reads its bytes (GET /api/uploads/{id})." }),
    width: z.number().int(),
    height: z.number().int(),
    content_type: z.enum(IMAGE_TYPES).meta({ description: "The format its bytes are in (decided by the bytes, not the declared type)." }),
    bytes: z.number().int(),
  })
  .meta({ description: "An upload as POST /api/uploads returns it: private to its owner, named again as `input_image` by its id." });

export type UploadView = z.infer<typeof uploadViewSchema>;
