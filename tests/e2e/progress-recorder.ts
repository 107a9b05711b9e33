import type { Page } from "playwright-core";

type ProgressLog = Record<string, number[]>;
type WithProgressLog = { __progressLog?: ProgressLog };

/**
 * Starts recording, in the page, every value each task card's progress bar shows (keyed by the card's
 * element id), so a test can tell afterwards that the bar moved without sampling it on a timer.
 */
export async function recordProgressBars(page: Page): Promise<void> {
  await page.evaluate(() => {
    const log: ProgressLog = {};
    (window as WithProgressLog).__progressLog = log;
    const record = (bar: Element) => {
      const card = bar.closest('li[id^="task-"]');
      const value = bar.getAttribute("aria-valuenow");
      if (!card || value === null) return;
      log[card.id] = [...(log[card.id] ?? []), Number(value)];
    };
    const recordWithin = (node: Node) => {
      if (!(node instanceof Element)) return;
      if (node.matches('[role="progressbar"]')) record(node);
      node.querySelectorAll('[role="progressbar"]').forEach(record);
    };
    recordWithin(document.body);
    new MutationObserver((mutations) => {
      for (const mutation of mutations) {
        if (mutation.type === "attributes") recordWithin(mutation.target);
        else mutation.addedNodes.forEach(recordWithin);
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["aria-valuenow"] });
  });
}

/** The values the bar of this task's card showed, in order. */
export async function progressSeen(page: Page, taskId: string): Promise<number[]> {
  return page.evaluate((id) => (window as WithProgressLog).__progressLog?.[id] ?? [], `task-${taskId}`);
}
