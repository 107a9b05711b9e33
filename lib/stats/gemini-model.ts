import "server-only";
import { geminiDeprecationNotice, geminiModelRow } from "@/lib/shared/gemini-models";
import type { AdminStats } from "../shared/admin-stats";

/** The configured Gemini id as the dashboard shows it: a deprecated one is flagged with its successor. */
export function geminiModelFigures(model: string): AdminStats["gemini"] {
  const lifecycle = geminiModelRow(model)?.lifecycle;
  const successor = lifecycle?.state === "deprecated" ? lifecycle.successor : null;
  return { model, successor, notice: geminiDeprecationNotice(model) };
}
