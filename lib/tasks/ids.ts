import * as z from "zod";

export const taskIdSchema = z.string().min(1).max(100);
