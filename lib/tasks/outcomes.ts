import "server-only";
import { en } from "@/lib/shared/i18n/en";
import type { ErrorCode } from "@/lib/shared/error-codes";
import type { TaskStatus } from "@/lib/shared/task-status";
import { ABORTED_CODE } from "@/lib/shared/error-codes";

/** Replicate's statuses mapped onto ours; `aborted` (deadline hit before start) is a cancellation. */
export function taskStatusOf(providerStatus: string): TaskStatus {
  switch (providerStatus) {
    case "starting":
      return "starting";
    case "processing":
      return "processing";
    case "succeeded":
      return "succeeded";
    case "failed":
      return "failed";
    default:
      return "canceled";
  }
}

export interface TaskFailure {
  code: ErrorCode;
  message: string;
}

/** The reason stored on a prediction that ended without images, worded so a person knows what to do. */
export function failureOfPrediction(providerStatus: string, providerError: string | null): TaskFailure {
  if (providerStatus === "aborted") {
    return { code: ABORTED_CODE, message: `${en.tasks.aborted} Try again in a moment.` };
  }
  if (taskStatusOf(providerStatus) === "canceled") return { code: "canceled", message: "The generation was canceled." };
  const detail = (providerError ?? "").trim();
  if (/nsfw|safety/i.test(detail)) {
    return {
      code: "safety_blocked",
      message: "The model's safety filter blocked every image. Rephrase the prompt and try again.",
    };
  }
  return {
    code: "prediction_failed",
    message: `The model could not finish this image${detail ? ` (${detail.slice(0, 300)})` : ""}. Try again, or pick another model.`,
  };
}
