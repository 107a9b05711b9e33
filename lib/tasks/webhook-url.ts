/** Where Replicate sends this task's events; `?task=` finds the row even before the create call returns. */
export function webhookUrlFor(appUrl: string, taskId: string): string {
  return `${appUrl}/api/webhooks/replicate?task=${encodeURIComponent(taskId)}`;
}

export const WEBHOOK_EVENTS = ["start", "output", "logs", "completed"] as const;
